//! Every rule, declared once: code, name, severity, summary and long explanation.

use super::diagnostic::Severity;

/// A rule's metadata.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `E0001`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `unknown-stanza`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// What it does, why it matters, an example and the fix (shown by `explain`).
    pub explanation: &'static str,
}

macro_rules! rules {
    ($($ident:ident = $code:literal $name:literal $severity:ident $summary:literal $explanation:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $ident: Rule = Rule {
                code: $code,
                name: $name,
                severity: Severity::$severity,
                summary: $summary,
                explanation: $explanation,
            };
        )*

        /// All rules, in code order.
        pub static ALL: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    UNKNOWN_STANZA = "E0001" "unknown-stanza" Error
        "A line starts with a word that is not a stanza Upstart knows."
        "Upstart reads the first word of every line as a stanza name and rejects the whole file \
         when it does not know it. Names are case-sensitive and may not be quoted; stanzas removed \
         from Upstart (`pid file`, `daemon`, `service`, `on EVENT`, `normalexit`) are unknown too, \
         and so is anything in front of the name, such as a UTF-8 byte-order mark.\n\n\
         Example:\n    Exec /usr/sbin/sshd -D\n\nFix:\n    exec /usr/sbin/sshd -D";
    UNKNOWN_SUB_KEYWORD = "E0002" "unknown-sub-keyword" Error
        "A stanza is followed by a word it does not accept."
        "Some stanzas take a fixed second word: `start on`, `stop on`, `respawn limit`, \
         `normal exit`, `kill timeout|signal`, `reload signal`, `apparmor load|switch`, and \
         `pre-start|post-start|pre-stop|post-stop exec|script`. The word is compared raw, so \
         quoting it makes it unknown. Upstart reports any other word as `Unknown stanza`.\n\n\
         Example:\n    respawn /usr/bin/daemon\n\nFix:\n    respawn\n    exec /usr/bin/daemon";
    UNKNOWN_VALUE = "E0003" "unknown-value" Error
        "`expect`, `console` or `limit` names a value Upstart does not know."
        "`expect` takes `stop`, `daemon`, `fork` or `none`; `console` takes `none`, `output`, \
         `owner` or `log`; `limit` takes a lower-case resource name (`as core cpu data fsize \
         memlock msgqueue nice nofile nproc rss rtprio sigpending stack`). Anything else is \
         reported by Upstart as `Unknown stanza`.\n\nExample:\n    console logged\n\nFix:\n    console log";
    EXPECTED_TOKEN = "E0004" "missing-argument" Error
        "A stanza is missing a required argument."
        "Every stanza except `task`, `respawn`, `manual` and `debug` needs arguments, and an \
         empty quoted string (`\"\"`) does not count as one. Inside a parenthesised `start on` \
         expression every continuation line must hold part of the expression: a blank or \
         comment-only line there is a missing token too.\n\nExample:\n    pre-start\n\nFix:\n    pre-start script\n        …\n    end script";
    UNEXPECTED_TOKEN = "E0005" "unexpected-token" Error
        "A stanza has more on its line than it takes."
        "After its last argument a stanza allows only a comment. Text with spaces must be \
         quoted as one argument.\n\nExample:\n    description my web app\n\nFix:\n    description \"my web app\"";
    TRAILING_SLASH = "E0006" "trailing-backslash" Error
        "The file ends with a backslash."
        "A backslash escapes the next character or joins the next line; at the very end of the \
         file there is nothing to escape and Upstart rejects the file (`Trailing slash in file`).";
    UNTERMINATED_QUOTE = "E0007" "unterminated-quote" Error
        "A quote is opened and never closed."
        "Single and double quotes both open a quoted string anywhere outside script blocks, even \
         in the middle of a word. An apostrophe in free text (`description don't`) opens a quote \
         that runs to the next apostrophe, across lines, or to the end of the file.\n\n\
         Example:\n    description don't restart\n\nFix:\n    description \"don't restart\"";
    UNTERMINATED_BLOCK = "E0008" "unterminated-script" Error
        "A script block has no `end script` line."
        "A block ends at the first line that is exactly `end script` (indentation, extra blanks \
         and a trailing comment allowed). `endscript`, `END SCRIPT` or `end script` followed by \
         text do not end it.";
    EXPECTED_EVENT = "E0009" "expected-event" Error
        "An `and`/`or` has no event on one side, or parentheses are empty."
        "Event expressions need an event on both sides of every operator, and every group needs \
         something inside it.\n\nExample:\n    start on filesystem and\n\nFix:\n    start on filesystem and net-device-up";
    EXPECTED_OPERATOR = "E0010" "expected-operator" Error
        "Two terms of an event expression follow each other without `and`/`or`."
        "A parenthesised group cannot follow an event or another group directly, and an event \
         cannot follow a group. Join them with `and` or `or`.";
    EXPECTED_VARIABLE = "E0011" "positional-after-named" Error
        "A positional event argument follows a `KEY=VALUE` one."
        "Positional arguments are matched by position and must all come before `KEY=VALUE` \
         arguments.\n\nExample:\n    start on stopped RESULT=ok foo\n\nFix:\n    start on stopped foo RESULT=ok";
    MISMATCHED_PARENS = "E0012" "mismatched-parentheses" Error
        "A `)` has no `(`, or a `(` is never closed."
        "An unclosed `(` lets the expression run on over the following lines, swallowing the \
         rest of the file; Upstart reports it at the end of the file.";
    ILLEGAL_INTERVAL = "E0013" "illegal-interval" Error
        "`kill timeout` or the `respawn limit` interval is not a whole number of seconds."
        "The value must be a plain decimal integer from 0 up; no units, no sign other than `+`.";
    ILLEGAL_EXIT = "E0014" "illegal-exit-status" Error
        "A `normal exit` value is neither a signal name nor an exit status."
        "Each value is an upper-case signal name (`TERM`, `SIGTERM`) or a decimal status from 0 \
         to 2147483647.";
    ILLEGAL_SIGNAL = "E0015" "illegal-signal" Error
        "`kill signal` / `reload signal` names no signal Upstart knows."
        "Signal names are upper case, with or without `SIG` (`TERM`, `SIGHUP`); real-time \
         signals have no name. A number from 0 up is accepted. Upstart logs this error without a \
         line number.";
    ILLEGAL_UMASK = "E0016" "illegal-umask" Error
        "`umask` is not an octal number up to 0777."
        "The value is read in octal: `022`, `0027`, `7`. Digits 8 and 9, prefixes like `0o`, and \
         values above 0777 are rejected.";
    ILLEGAL_NICE = "E0017" "illegal-nice" Error
        "`nice` is not a number from -20 to 19."
        "Nice values range from -20 (highest priority) to 19 (lowest).";
    ILLEGAL_OOM = "E0018" "illegal-oom" Error
        "Legacy `oom` is not `never` or a number from -17 to 15."
        "The legacy form takes the old `oom_adj` range; prefer `oom score` with -1000 … 1000 or \
         `never`.";
    ILLEGAL_OOM_SCORE = "E0019" "illegal-oom-score" Error
        "`oom score` is not `never` or a number from -1000 to 1000."
        "The score is written to `/proc/PID/oom_score_adj`; `never` means -1000.";
    ILLEGAL_LIMIT = "E0020" "illegal-limit" Error
        "A `limit` value or the `respawn limit` count is not `unlimited` or a whole number."
        "Use a decimal integer or `unlimited`; `infinity` and units are not accepted.";
    INVALID_UTF8 = "W0001" "invalid-utf8" Warning
        "The file contains bytes that are not valid UTF-8."
        "Upstart passes bytes through unchanged, but editors, logs and `initctl` show them as \
         garbage. upstart-lint keeps every byte (nothing is lost when it rewrites a file) and \
         shows them as private-use characters.";
    NUL_BYTE = "W0002" "nul-byte" Warning
        "The file contains a NUL byte."
        "libnih tests characters with `strchr`, which also matches the string terminator: a NUL \
         byte is whitespace, ends the token it is in, and in an `exec` line ends the command and \
         hides the rest of the line. It is never intended.";
    EXPECT_WITH_SCRIPT = "W0101" "expect-with-script" Warning
        "`expect fork`/`expect daemon` with a `script` main process."
        "Init traces the main process and latches onto its first (or second) fork. With a \
         `script`, that process is the shell, and its first fork is whatever command it runs \
         first (`mkdir`, `[`, …): init follows a short-lived child, decides the job has ended, and \
         the real daemon runs unsupervised (spec §6.1).\n\nExample:\n    expect fork\n    script\n        mkdir -p /run/foo\n        exec /usr/sbin/food\n    end script\n\n\
         Fix: move the set-up to `pre-start script` and write `exec /usr/sbin/food` as the main process.";
    EXPECT_WITHOUT_MAIN_PROCESS = "W0102" "expect-without-main-process" Warning
        "`expect` in a job that has no main process."
        "`expect` tells init how to follow the *main* process (`exec` or `script`). A job \
         without one (a state or task job of pre-start/post-stop only) ignores it.";
    BACKGROUND_MAIN_PROCESS = "W0103" "background-main-process" Warning
        "The main process ends with `&`."
        "An `exec` line with shell characters runs through `/bin/sh -e -c`; with `&` the shell \
         starts the daemon in the background and exits at once, so the job stops or respawns in a \
         loop (spec §6.1 item 5).\n\nExample:\n    exec /usr/sbin/food &\n\nFix:\n    exec /usr/sbin/food --foreground";
    RESPAWN_LIMIT_WITHOUT_RESPAWN = "W0104" "respawn-limit-without-respawn" Warning
        "`respawn limit` without `respawn`."
        "`respawn limit` only sets the rate; it does not turn respawning on. Without a bare \
         `respawn` line the job is never respawned (spec §2.6).";
    RESPAWN_LIMIT_ZERO = "W0105" "respawn-limit-zero" Info
        "`respawn limit` with a 0, which means \"no limit\"."
        "If either COUNT or INTERVAL is 0 the rate limiter is off, so `respawn limit 0 5` means \
         \"respawn for ever\", not \"never respawn\" (spec §2.6). Write `respawn limit unlimited` \
         if that is what you mean.";
    TASK_WITH_RESPAWN = "W0106" "task-with-respawn" Info
        "A task with `respawn` is retried until it succeeds."
        "For a task, exit status 0 is success and is never respawned: `task` + `respawn` means \
         \"retry until it works\", not \"run periodically\" (spec §6.2 item 9).";
    NORMAL_EXIT_NUMBER = "W0107" "normal-exit-number" Warning
        "A `normal exit` number that does not mean what it seems."
        "Numbers in `normal exit` are exit statuses (0–255); signals are written by name. \
         `normal exit 15` is exit status 15, not SIGTERM; values above 255 never match an exit \
         status, and multiples of 256 match a signal (256 is HUP) (spec §2.7).";
    OPERATOR_NOT_RECOGNIZED = "W0108" "operator-not-recognized" Warning
        "`AND`, `OR`, `&&`, `||` or a quoted `\"and\"` in an event expression."
        "Only unquoted, lower-case `and` and `or` are operators. Anything else becomes an \
         argument of the event before it, and the condition is almost never met (spec §3.1).";
    MIXED_AND_OR = "W0109" "mixed-and-or" Warning
        "`and` and `or` mixed without parentheses."
        "The operators have equal precedence and group left to right: `a or b and c` is \
         `(a or b) and c` (spec §3.2). Add parentheses to say what you mean.";
    VARIABLE_IN_START_ON = "W0110" "variable-in-start-on" Warning
        "`$VAR` in a `start on` value."
        "`start on` is matched before any job environment exists, so `$VAR` fails to expand and \
         the atom silently never matches. The man page says otherwise; the code does not \
         (spec §3.5). Variables work in `stop on`.";
    SERVICE_WITHOUT_STOP_ON = "W0111" "service-without-stop-on" Warning
        "A service with `start on` but no `stop on`."
        "It is never stopped on runlevel changes or shutdown and only dies in the final kill \
         sweep, uncleanly (spec §6.3 item 13). Pair `start on runlevel [2345]` with \
         `stop on runlevel [!2345]`, or `start on started X` with `stop on stopping X`.";
    MANUAL_BEFORE_START_ON = "W0112" "manual-before-start-on" Warning
        "`manual` before a `start on` in the same file."
        "`manual` clears only the `start on` seen so far; a later `start on` applies again, so \
         the job is not disabled (spec §2.3). Disable a job with a `.override` holding `manual`.";
    DUPLICATE_STANZA = "W0113" "duplicate-stanza" Warning
        "A single-valued stanza appears twice; the earlier one has no effect."
        "Stanzas such as `description`, `exec`/`script`, `start on`, `expect` or `kill timeout` \
         keep only their last value. `exec` and `script` share one slot: the later silently \
         replaces the earlier (spec §2.16).";
    VARIABLE_IN_ENV = "W0114" "variable-in-env" Warning
        "`$` in an `env` value."
        "`env` values are stored literally: `env PATH=$PATH:/opt/bin` sets PATH to the text \
         `$PATH:/opt/bin` and breaks command lookup (spec §2.15).";
    EXPORT_VARIABLE_REFERENCE = "W0115" "export-variable-reference" Warning
        "`export $VAR` instead of `export VAR`."
        "`export` takes variable names; `export $A` exports a variable literally named `$A`, \
         which does not exist (spec §2.15).";
    NUMERIC_SIGNAL = "W0116" "numeric-signal" Warning
        "`kill signal` / `reload signal` given as a number."
        "Signal numbers differ between architectures and hide intent; the man page discourages \
         them. `kill signal 0` is accepted but stops nothing: only SIGKILL after `kill timeout` \
         ends the job (spec §2.9).";
    LIMIT_SOFT_ABOVE_HARD = "W0117" "limit-soft-above-hard" Warning
        "`limit` with the soft value above the hard one."
        "Upstart does not check this; `setrlimit` then fails when the job spawns, and the job \
         fails to start (spec §2.12).";
    LEGACY_OOM = "W0118" "legacy-oom" Info
        "Legacy `oom N` instead of `oom score`."
        "`oom N` uses the old -17…15 scale and is converted: negative values times 1000/17, \
         positive ones times 1000/15. `oom -17` and `oom never` mean `oom score -1000` \
         (spec §2.11). The fix writes the score Upstart computes.";
    MID_WORD_COMMENT = "W0119" "mid-word-comment" Warning
        "`#` in the middle of a value starts a comment."
        "An unquoted `#` starts a comment anywhere, even inside a word: `env URL=http://h/#x` \
         stores `URL=http://h/`, and `exec foo --colour=#fff` runs `foo --colour=` (spec §1.2). \
         Quote the value.";
    ESCAPED_QUOTE_IN_QUOTES = "W0120" "escaped-quote-in-quotes" Warning
        "`\\\"` inside a quoted value."
        "A backslash does not escape a quote: it stays in the value, and libnih replaces a space \
         before it with another backslash: `\"say \\\"hi\\\"\"` becomes `say\\\\\"hi\\\"` \
         (spec §1.4). Use the other quote character around text that contains quotes.";
    QUOTE_SPANS_LINES = "W0121" "quote-spans-lines" Warning
        "A quoted value runs over several lines."
        "Both quote characters are active everywhere, so an apostrophe opens a quote: \
         `description don't⏎exec /bin/it's` loads as the description `dont exec /bin/its` and no \
         `exec` at all (spec §6.4 item 39).";
    CRLF_IN_SCRIPT = "W0122" "crlf-in-script" Warning
        "A script block with CRLF line endings."
        "Stanzas parse the same with CRLF, but script blocks are copied verbatim: the shell sees \
         a carriage return at the end of every command (spec §1.3).";
    TEXT_AFTER_FLAG = "W0123" "text-after-flag" Warning
        "A stanza on the same line after `manual` or `debug`."
        "`manual` and `debug` do not read the rest of their line: `manual respawn` is `manual` \
         and `respawn` (spec §1.5). Put each stanza on its own line.";
    AND_ON_HOOK_EVENT = "W0124" "and-on-hook-event" Warning
        "`start on starting X and …` (or `stopping`, `mounting`)."
        "A matched event is held until the whole condition is true; for hook events the emitter \
         waits, so X stays in `start/starting` until the other events arrive — the classic job \
         stuck in starting (spec §3.6).";

    // Found by simulating a boot (src/runtime; `upstart-lint simulate --boot` shows the whole
    // timeline).
    HELD_AT_BOOT = "G0101" "held-at-boot" Warning
        "At the end of a simulated boot, this job's `start on`/`stop on` holds an event for ever."
        "A leaf of an `and` that matches an event latches it and keeps it from finishing until \
         the rest of the condition is true (runtime spec §2.4). In a simulated Ubuntu boot the \
         rest never comes, so the event stays held: whoever emitted it with a blocking \
         `initctl emit` never returns, and when the event is `starting X` or `stopping X`, job X \
         stays in `starting`/`stopping` for ever.\n\n\
         Example:\n    start on starting web and db-ready\n\n\
         Fix: wait for the other job or event without holding the first one, e.g.\n    \
         start on started web and db-ready\n\
         or make the condition an `or`, or emit the missing event.";
    STUCK_AT_BOOT = "G0102" "stuck-at-boot" Warning
        "An instance of this job never comes to rest in a simulated boot."
        "After a simulated boot (every service up, every task done, the distribution's boot \
         events emitted) this job is neither running nor stopped: it is blocked in `starting` or \
         `stopping` because another job holds its event, or it is a task that never finishes \
         (a task without a main process stays `start/running`, spec S46). Whatever waits for \
         it waits for ever, and `initctl start` hangs.\n\n\
         Example:\n    # x.conf\n    exec /usr/bin/x\n    # y.conf\n    start on starting x and never-emitted\n\n\
         Fix: see `held-at-boot` on the job that holds the event.";
}

/// Finds a rule by code (`E0001`) or name (`unknown-stanza`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code_or_name) || rule.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
            assert_eq!(rule.code.len(), 5);
        }
        assert_eq!(find("E0001"), Some(&UNKNOWN_STANZA));
        assert_eq!(find("illegal-nice"), Some(&ILLEGAL_NICE));
    }
}
