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
    /// Whether its findings can carry a machine-applicable fix.
    pub fixable: bool,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// What it does, why it matters, an example and the fix (shown by `explain`).
    pub explanation: &'static str,
}

/// A group of rules, named by the first letter of their codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// `E`: what Upstart itself rejects.
    Error,
    /// `W`: loads, but is almost certainly a mistake.
    Warning,
    /// `G`: cross-job findings from the event graph.
    Graph,
    /// `S`: embedded shell scripts.
    Shell,
    /// `P`: opt-in policy (house rules); off unless selected.
    Policy,
}

impl Family {
    /// Every family, in documentation order.
    pub const ALL: [Family; 5] = [
        Family::Error,
        Family::Warning,
        Family::Graph,
        Family::Shell,
        Family::Policy,
    ];

    /// The family's heading in the documentation.
    pub fn title(self) -> &'static str {
        match self {
            Family::Error => "E — Upstart rejects the file",
            Family::Warning => "W — loads, but is almost certainly a mistake",
            Family::Graph => "G — across jobs: the event graph",
            Family::Shell => "S — embedded shell",
            Family::Policy => "P — opt-in policy",
        }
    }

    /// Whether the family's rules run without being selected.
    pub fn enabled_by_default(self) -> bool {
        self != Family::Policy
    }
}

impl Rule {
    /// The rule's family, from its code's letter.
    pub fn family(&self) -> Family {
        match self.code.as_bytes().first() {
            Some(b'E') => Family::Error,
            Some(b'G') => Family::Graph,
            Some(b'S') => Family::Shell,
            Some(b'P') => Family::Policy,
            _ => Family::Warning,
        }
    }
}

macro_rules! rules {
    (@fixable) => { false };
    (@fixable $fixable:ident) => { true };
    ($($ident:ident = $code:literal $name:literal $severity:ident $($fixable:ident)? $summary:literal $explanation:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $ident: Rule = Rule {
                code: $code,
                name: $name,
                severity: Severity::$severity,
                fixable: rules!(@fixable $($fixable)?),
                summary: $summary,
                explanation: $explanation,
            };
        )*

        /// All rules, in declaration order (see [`sorted`] for code order).
        pub static ALL: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    UNKNOWN_STANZA = "E0001" "unknown-stanza" Error fixable
        "A line starts with a word that is not a stanza Upstart knows."
        "Upstart reads the first word of every line as a stanza name and rejects the whole file \
         when it does not know it. Names are case-sensitive and may not be quoted; stanzas removed \
         from Upstart (`pid file`, `daemon`, `service`, `on EVENT`, `normalexit`) are unknown too, \
         and so is anything in front of the name, such as a UTF-8 byte-order mark.\n\n\
         Example:\n    Exec /usr/sbin/sshd -D\n\nFix:\n    exec /usr/sbin/sshd -D";
    UNKNOWN_SUB_KEYWORD = "E0002" "unknown-sub-keyword" Error fixable
        "A stanza is followed by a word it does not accept."
        "Some stanzas take a fixed second word: `start on`, `stop on`, `respawn limit`, \
         `normal exit`, `kill timeout|signal`, `reload signal`, `apparmor load|switch`, and \
         `pre-start|post-start|pre-stop|post-stop exec|script`. The word is compared raw, so \
         quoting it makes it unknown. Upstart reports any other word as `Unknown stanza`.\n\n\
         Example:\n    respawn /usr/bin/daemon\n\nFix:\n    respawn\n    exec /usr/bin/daemon";
    UNKNOWN_VALUE = "E0003" "unknown-value" Error fixable
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
    UNEXPECTED_TOKEN = "E0005" "unexpected-token" Error fixable
        "A stanza has more on its line than it takes."
        "After its last argument a stanza allows only a comment. Text with spaces must be \
         quoted as one argument.\n\nExample:\n    description my web app\n\nFix:\n    description \"my web app\"";
    TRAILING_SLASH = "E0006" "trailing-backslash" Error fixable
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
    ILLEGAL_EXIT = "E0014" "illegal-exit-status" Error fixable
        "A `normal exit` value is neither a signal name nor an exit status."
        "Each value is an upper-case signal name (`TERM`, `SIGTERM`) or a decimal status from 0 \
         to 2147483647.";
    ILLEGAL_SIGNAL = "E0015" "illegal-signal" Error fixable
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
    ILLEGAL_LIMIT = "E0020" "illegal-limit" Error fixable
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
    OPERATOR_NOT_RECOGNIZED = "W0108" "operator-not-recognized" Warning fixable
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
         `stop on runlevel [!2345]`, or `start on started X` with `stop on stopping X`. Only \
         jobs sure to run on are judged: respawned ones and daemons Upstart tracks (`expect \
         fork|daemon`); a short command without `task` ends by itself.";
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
    EXPORT_VARIABLE_REFERENCE = "W0115" "export-variable-reference" Warning fixable
        "`export $VAR` instead of `export VAR`."
        "`export` takes variable names; `export $A` exports a variable literally named `$A`, \
         which does not exist (spec §2.15).";
    NUMERIC_SIGNAL = "W0116" "numeric-signal" Warning fixable
        "`kill signal` / `reload signal` given as a number."
        "Signal numbers differ between architectures and hide intent; the man page discourages \
         them. `kill signal 0` is accepted but stops nothing: only SIGKILL after `kill timeout` \
         ends the job (spec §2.9).";
    LIMIT_SOFT_ABOVE_HARD = "W0117" "limit-soft-above-hard" Warning
        "`limit` with the soft value above the hard one."
        "Upstart does not check this; `setrlimit` then fails when the job spawns, and the job \
         fails to start (spec §2.12).";
    LEGACY_OOM = "W0118" "legacy-oom" Info fixable
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
    EVENT_VARIABLE_NEVER_SET = "W0125" "event-variable-never-set" Warning
        "An event match tests a variable, or a position, that the event never carries."
        "Upstart compares named arguments with the event's variables and positional arguments \
         with its entries in order; a variable the event lacks makes the match fail, for `!=` \
         too (spec §3.3). Well-known events carry a fixed list (spec §3.7, §3.8): `started` \
         and `starting` never carry `RESULT`, `filesystem` carries nothing.\n\n\
         Example:\n    start on started db RESULT=ok\n\n\
         Fix:\n    start on stopped db RESULT=ok";
    NOT_EQUAL_ON_OPTIONAL_VARIABLE = "W0126" "not-equal-on-optional-variable" Warning
        "`KEY!=VALUE` on a variable the event carries only sometimes."
        "A missing variable is \"no match\", not \"different\" (spec §3.3): `stopped foo \
         PROCESS!=main` never matches a stop without a failed process, because `PROCESS` is \
         only set when the job failed. The same holds for `EXIT_STATUS`, `EXIT_SIGNAL`, \
         `INIT_HALT` and the socket and file bridges' optional variables.\n\n\
         Example:\n    start on stopped foo EXIT_STATUS!=0\n\n\
         Fix:\n    start on stopped foo RESULT=failed";
    POSITIONAL_EVENT_ARGUMENT = "W0127" "positional-event-argument" Warning
        "A positional event argument that compares with another variable than intended."
        "Positional arguments match the event's variables in the emitter's order (spec §3.4): \
         `stopped foo failed` compares `failed` with `INSTANCE`, and a third argument of \
         `started` is the job's first exported variable, not `RESULT`. The socket and file \
         bridges ignore jobs whose conditions have positional arguments at all (spec §3.8).\n\n\
         Example:\n    start on stopped foo failed\n\n\
         Fix:\n    start on stopped foo RESULT=failed";
    UNIX_SOCKET_ACTIVATION = "W0128" "unix-socket-activation" Warning
        "`start on socket PROTO=unix …`: cannot work in Upstart 1.13.2."
        "The socket bridge reads `PATH=` from the job but emits `SOCKET_PATH=` (spec §3.8): \
         with `SOCKET_PATH=` the bridge ignores the job, with `PATH=` the event never matches. \
         Use an inet socket, or another start event.";
    RUNLEVEL_START_WITHOUT_STOP = "W0129" "runlevel-start-without-stop" Warning
        "`start on runlevel …` with a `stop on` that ignores runlevels."
        "A job started by a runlevel should stop on the runlevels it does not run in, or a \
         switch to single-user mode or a shutdown leaves it running until the final kill sweep \
         (spec §6.3 items 13 and 22).\n\n\
         Example:\n    start on runlevel [2345]\n    stop on shutdown\n\n\
         Fix:\n    stop on runlevel [!2345] or shutdown";
    RESPAWN_LIMIT_TOO_LOOSE = "W0130" "respawn-limit-too-loose" Warning
        "A respawn limit so loose that real crash loops never stop."
        "The limit stops a job that respawns more than COUNT times within INTERVAL seconds. A \
         program that crashes less often than INTERVAL/COUNT seconds per run is respawned for \
         ever, filling the logs (spec §6.2 item 7). The default `respawn limit 10 5` stops \
         loops faster than 0.5 s per run; this rule fires below 0.1 s.\n\n\
         Example:\n    respawn limit 100 5\n\nFix:\n    respawn limit 10 5";
    RESPAWN_LIMIT_TOO_TIGHT = "W0131" "respawn-limit-too-tight" Warning
        "A respawn limit so tight that one hiccup stops the job for good."
        "Past the limit, Upstart stops the job (`RESULT=failed PROCESS=respawn`) and it stays \
         down until someone runs `start` (spec §6.2 item 8). A limit of one respawn per five \
         minutes or less turns two unrelated crashes into an outage.\n\n\
         Example:\n    respawn limit 1 3600\n\nFix:\n    respawn limit 5 60";
    INSTANCE_WITHOUT_DEFAULT = "W0132" "instance-without-default" Warning
        "`instance $VAR` where neither `env` nor the start events supply `VAR`."
        "The instance name is expanded when the job starts; an unset variable fails the start \
         with `Unknown parameter` (spec §6.4 item 35). Variables come from `env` and from the \
         events that start the job.\n\n\
         Example:\n    start on runlevel [2345]\n    instance $PORT\n\n\
         Fix:\n    env PORT=8080\n    instance $PORT";
    CONSOLE_FOR_DAEMON = "W0133" "console-for-daemon" Info
        "`console output` or `console owner` on a daemon."
        "`console output` writes to /dev/console, cluttering the boot console and serial lines; \
         `console owner` also sends it Ctrl-C. Since 1.4 the default, `console log`, keeps the \
         output in /var/log/upstart/JOB.log (spec §6.4 item 31). Interactive programs (getty, \
         sulogin) are exempt.";
    SETUID_ROOT_SETUP = "W0134" "setuid-root-setup" Warning
        "Root-only set-up in a job whose processes all run as another user."
        "`setuid` applies to every process of the job, `pre-start` and `post-stop` included \
         (spec §6.4 item 30): `chown`, or creating files under /run, fails with `Permission \
         denied`.\n\n\
         Example:\n    setuid app\n    pre-start exec install -d -o app /run/app\n\n\
         Fix: do the set-up in a separate task job without `setuid`, or let the daemon switch \
         user itself.";
    USAGE_WITHOUT_INSTANCE = "W0135" "usage-without-instance" Info
        "`usage` on a job without `instance`."
        "Upstart shows `usage` only when an instance name fails to expand, or through \
         `initctl usage` (spec §6.4 item 46); on a single-instance job nobody sees it.";
    OVERRIDE_ADDS_VALUES = "W0136" "override-adds-values" Warning
        "An override repeats `export`, `emits`, `normal exit` or `cgroup`: it adds, it does not replace."
        "An override is parsed into the same job as its .conf (spec §4.4): single-valued stanzas \
         replace, but accumulating ones add to the .conf's values, and nothing removes them. \
         `normal exit 0` in an override keeps the .conf's `normal exit 0 TERM` too.";
    OVERRIDE_PARTIALLY_APPLIED = "W0137" "override-partially-applied" Warning
        "An override with an error is applied up to the error."
        "The man page says an invalid override is ignored; Upstart applies the stanzas before the \
         error to the live job and drops the rest (spec §4.4). An override `manual` + a typo still \
         disables the job, but the settings after the typo are lost.";
    NEWER_THAN_TARGET = "W0138" "newer-than-target" Warning
        "A stanza newer than the `target-version` Upstart."
        "Older Upstart releases reject stanzas they do not know, and with them the whole job. \
         With `target-version` set (e.g. `rhel6` for Upstart 0.6.5, `ubuntu-12.04` for 1.5), \
         stanzas that appeared later are flagged (spec Appendix B): `manual` and `debug` (0.6.7), \
         `kill signal` and `oom score` (1.3), `console log`, `setuid` and `setgid` (1.4), \
         `usage` (1.5), `apparmor` (1.9), `reload signal` (1.10), `cgroup` (1.13).\n\n\
         Example (target 0.6.5):\n    setuid app\n\n\
         Fix: drop privileges in the command instead, e.g. `exec su -s /bin/sh -c 'exec app' app`.";
    MISSING_AUTHOR = "P0001" "missing-author" Warning
        "The job has no `author` (ChromiumOS policy)."
        "ChromiumOS requires every job to name its owner with `author`, so that whoever debugs \
         a boot problem knows whom to ask. Part of the `chromeos` preset; off by default.";
    MISSING_DESCRIPTION = "P0002" "missing-description" Warning
        "The job has no `description` (ChromiumOS policy)."
        "ChromiumOS requires a one-line `description` in every job; `initctl` and the logs show \
         it. Part of the `chromeos` preset; off by default.";
    MISSING_OOM_SCORE = "P0003" "missing-oom-score" Warning
        "The job has no `oom score` (ChromiumOS policy)."
        "ChromiumOS requires every job to say how the kernel's OOM killer should treat it \
         (`oom score -100` for most system daemons, `oom score never` for the few that must \
         never be killed). Part of the `chromeos` preset; off by default.";
    OOM_SCORE_NEVER = "P0004" "oom-score-never" Warning fixable
        "`oom score -1000` instead of `oom score never` (ChromiumOS policy)."
        "Both mean the same to Upstart (spec §2.11); ChromiumOS writes `never` so the intent is \
         plain. Part of the `chromeos` preset; off by default.";
    FILESYSTEM_COMMAND = "P0005" "filesystem-command" Warning
        "A file-system command (mkdir, chown, chmod, ln, rm, …) in a job (ChromiumOS policy)."
        "ChromiumOS sets up files and directories with tmpfiles.d, not in job scripts: the \
         commands `chown chgrp chmod mkdir ln rm mv cp touch` are flagged at command position \
         unless the line carries `# croslint: disable`. Part of the `chromeos` preset; off by \
         default.";
    // Findings about upstart-lint's own suppression comments.
    UNUSED_SUPPRESSION = "W0901" "unused-suppression" Warning fixable
        "An `# upstart-lint: disable=` comment that suppresses nothing."
        "A suppression names rules whose findings it hides, on the stanza it ends or precedes \
         (`disable=`) or in the whole file (`disable-file=`). When no such finding is there any \
         more, the comment is stale: it would hide a future finding nobody has looked at.\n\n\
         Example:\n    respawn  # upstart-lint: disable=W0104\n\nFix: remove the code, or the \
         whole comment.";
    UNKNOWN_SUPPRESSION = "W0902" "unknown-suppression" Warning
        "A suppression comment names no rule, an `E` rule, or is not a `disable` directive."
        "Suppressions are written `# upstart-lint: disable=CODE[,CODE] [reason]` or \
         `# upstart-lint: disable-file=CODE`, with rule codes (`W0101`) or names \
         (`expect-with-script`). A misspelt code or directive suppresses nothing. `E` rules \
         cannot be suppressed: Upstart rejects the file whatever the comment says.\n\n\
         Example:\n    expect fork  # upstart-lint: disable=W101\n\nFix:\n    expect fork  \
         # upstart-lint: disable=W0101";

    // Cross-job rules (the event graph of a whole directory, `src/graph/rules/`).
    UNKNOWN_EVENT = "G0001" "unknown-event" Warning fixable
        "`start on` / `stop on` waits for an event that nothing emits."
        "An event is known when a job of the directory declares it with `emits` (globs count), \
         when init emits it itself (`startup`, `control-alt-delete`, the job events, …), or when \
         the platform profile says it comes from outside (`ubuntu`: mountall's `filesystem`, \
         ifupdown's `net-device-up`, `runlevel` from telinit, …). Otherwise the condition waits \
         for ever. The check follows `initctl check-config`: an unknown event on one side of an \
         `or` is reported only when the whole condition cannot fire. Near misses get a \
         suggestion.\n\nExample:\n    start on local-filesystem\n\nFix:\n    start on local-filesystems";
    UNKNOWN_JOB = "G0002" "unknown-job" Warning fixable
        "`starting` / `started` / `stopping` / `stopped` names a job that does not exist."
        "Job names are paths below the conf directory without `.conf` (`net/apache`), never \
         resolved relative to the job's own subdirectory. A condition on a job that is not \
         loaded never fires. Names starting with `$` are instance variables and are accepted.\n\n\
         Example:\n    start on started mysqld\n\nFix:\n    start on started mysql";
    START_STOP_DEADLOCK = "G0003" "start-stop-deadlock" Warning
        "Jobs wait for each other through `starting` / `stopping` and `started` / `stopped`."
        "`starting X` and `stopping X` block X until every job they start or stop has settled, \
         and until every half-matched `and` holding them has fired (runtime spec §1.8). When \
         the job holding X's event also needs a job that itself waits for X to finish, none of \
         them ever moves: X hangs in `start/starting` (or `stop/stopping`) for good. A cycle of \
         `starting` hooks alone does not deadlock (init ignores a match for a job already \
         starting), so only cycles that also wait for a `started` / `stopped` are reported.\n\n\
         Example:\n    # web.conf:   start on runlevel [2345]\n    # db.conf:    start on starting web and started cache\n    # cache.conf: start on started web\n\n\
         Fix: break the cycle, e.g. `db.conf: start on started cache`.";
    UNREACHABLE_JOB = "G0004" "unreachable-job" Warning
        "No chain of events from boot ever starts the job."
        "Starting from `startup` and the events of the platform profile, a job becomes \
         startable when its `start on` can fire with the events available so far, and then adds \
         its own (`emits`, its job events). A job that is never reached waits for events that \
         only unreachable jobs produce (or for jobs that never start). Jobs without `start on` \
         are assumed to be started by hand.\n\nExample:\n    start on started a   # and a: start on started b, b: start on started a";
    STOP_ON_NEVER_FIRES = "G0005" "stop-on-never-fires" Warning
        "The job starts, but its `stop on` can never fire."
        "The job is reachable from boot, but its `stop on` waits for events that no reachable \
         job or outside emitter produces, so it runs until shutdown kills it.";
    STARTED_TASK = "G0006" "started-task" Warning fixable
        "`start on started X` where X is a task."
        "A task's `started` event is emitted when its main process begins, not when the task \
         has done its work (spec §6.3). To run after the task has finished, wait for \
         `stopped X` (add `RESULT=ok` to skip failures).\n\nExample:\n    start on started \
         migrate-db\n\nFix:\n    start on stopped migrate-db RESULT=ok";
    STOPPING_RESPAWN = "G0007" "stopping-respawn" Warning
        "`stop on stopping X` where X respawns, and nothing starts the job again."
        "Every time X dies and is respawned, init emits `stopping X` (with `RESULT=ok`, runtime \
         spec S27), so this job is stopped along with it on every crash. The documented pair \
         `start on started X` / `stop on stopping X` brings it back when X is up again; without \
         a `start on` that sees X start, it stays down after X's first respawn.\n\n\
         Example:\n    start on runlevel [2345]\n    stop on stopping daemon\n\n\
         Fix:\n    start on started daemon\n    stop on stopping daemon";
    EVENT_NEVER_CONSUMED = "G0008" "event-never-consumed" Info
        "A job declares `emits E`, and no job of the directory waits for E."
        "Harmless, but either the declaration is stale or the consumer is spelt differently \
         (compare the names), or lives elsewhere.";
    EMITS_MATCHES_NOTHING = "G0009" "emits-matches-nothing" Info
        "An `emits` glob matches no event any job waits for."
        "`emits` globs (`*-device-added`) declare a family of events; none of the events the \
         directory's conditions name matches this one.";

    // Embedded shell (src/check/shell/).
    SHELL_SYNTAX_ERROR = "S0001" "shell-syntax-error" Warning
        "A script block or shell-run `exec` line is not valid `sh`."
        "Upstart runs every script block, and every `exec` line holding a shell character \
         (`~`!$^&*()=|\\{}[];\"'<>?`), with `/bin/sh -e` — dash on Debian and Ubuntu. The job \
         file loads, but the process fails every time it starts. The block is checked with \
         `dash -n` (or `sh -n`) after Upstart's indentation stripping, and the shell's line is \
         mapped back into the job file.\n\nExample:\n    script\n        if [ -f /etc/default/x ]; then\n            . /etc/default/x\n    end script\n\n\
         Fix:\n    script\n        if [ -f /etc/default/x ]; then\n            . /etc/default/x\n        fi\n    end script";
    SHELLCHECK_ERROR = "S0101" "shellcheck-error" Warning fixable
        "ShellCheck reports an error in a shell fragment."
        "Findings of ShellCheck (when it is installed) at level `error`, run on each fragment as \
         POSIX `sh` with the variables the job provides declared (its `env` and `export` keys, \
         `instance` variables, `UPSTART_*`, `JOB`, `INSTANCE`, `RESULT`, `PROCESS`, \
         `EXIT_STATUS`, `EXIT_SIGNAL` and the variables of its `start on` / `stop on` events). \
         The message starts with ShellCheck's own code (`SC2086`); `# shellcheck disable=SC2086` \
         inside a block works as in any script.";
    SHELLCHECK_WARNING = "S0102" "shellcheck-warning" Warning fixable
        "ShellCheck reports a warning in a shell fragment."
        "Findings of ShellCheck at level `warning`; see `shellcheck-error` for how fragments are \
         checked. `# shellcheck disable=SCxxxx` inside a block silences one.";
    SHELLCHECK_INFO = "S0103" "shellcheck-info" Info fixable
        "ShellCheck reports a suggestion (info or style) in a shell fragment."
        "Findings of ShellCheck at levels `info` and `style`, such as SC2086 (unquoted expansion); \
         see `shellcheck-error` for how fragments are checked.";
    BACKGROUND_IN_MAIN = "S0201" "background-in-main" Warning
        "The main process backgrounds a command (`&`, `start-stop-daemon --background`)."
        "Under `expect fork` or `expect daemon`, init follows the first forks of the main \
         process: a command put in the background by the shell (`cmd &`) or by \
         `start-stop-daemon --background` is a fork init takes for the daemon, and the real \
         daemon is left unsupervised (spec §6.1). At the end of a `script` main process, `cmd &` \
         makes the shell exit at once, so the job stops or respawns in a loop.\n\n\
         Example:\n    expect fork\n    script\n        start-stop-daemon --start --background --exec /usr/sbin/food\n    end script\n\n\
         Fix:\n    expect fork\n    exec /usr/sbin/food --daemonize";
    DAEMON_WITHOUT_EXEC = "S0206" "daemon-without-exec" Info fixable
        "A service's main script runs its last command without `exec`."
        "Without `exec` the shell stays the job's main process and the program runs as its \
         child. Init sends `initctl reload` (the `reload signal`, SIGHUP) to the main process \
         only: it kills the shell instead of reloading the program, and the job stops or \
         respawns. With `exec` the program replaces the shell and receives init's signals \
         itself. (With `expect fork|daemon` the same script is `expect-with-script`'s.)\n\n\
         Example:\n    script\n        . /etc/default/food\n        /usr/sbin/food $OPTS\n    end script\n\n\
         Fix:\n    script\n        . /etc/default/food\n        exec /usr/sbin/food $OPTS\n    end script";
    BASHISM = "S0207" "bashism" Warning
        "A bash feature in a fragment that `/bin/sh` runs."
        "Upstart runs script blocks and shell `exec` lines with `/bin/sh -e`, which is dash on \
         Debian and Ubuntu. Bash features that are not syntax errors still fail there or do \
         something else: `[[ … ]]`, `source`, `declare`/`typeset`/`let`/`shopt`/`pushd`/`popd` \
         are commands dash does not have (and `-e` ends the script), `[ a == b ]` is an error \
         in dash's `test`, `echo -e` prints `-e`, and `cmd &>file` runs `cmd` in the background \
         and then truncates `file`.\n\nExample:\n    script\n        source /etc/default/food\n        [[ -n $OPTS ]] && exec food $OPTS\n    end script\n\n\
         Fix:\n    script\n        . /etc/default/food\n        [ -n \"$OPTS\" ] && exec food $OPTS\n    end script";
    VARIABLE_FROM_OTHER_PROCESS = "S0208" "variable-from-other-process" Warning
        "A variable is used in one process but set only in another."
        "Each process of a job (`pre-start`, the main process, `post-start`, `pre-stop`, \
         `post-stop`) is a new `/bin/sh`: a variable set in `pre-start script` is gone in the \
         main `script` (spec §6.4 item 28). Only the job's environment (`env`, `export`, the \
         events' variables, `initctl set-env`) reaches every process. A fragment that sources \
         a file or uses `eval` is not checked, as it may set anything.\n\nExample:\n    pre-start script\n        OPTS=\"--port 80\"\n    end script\n    exec /usr/sbin/food $OPTS\n\n\
         Fix:\n    env OPTS=\"--port 80\"\n    exec /usr/sbin/food $OPTS";
    STOP_WITHOUT_EXIT = "S0202" "stop-without-exit" Warning
        "A bare `stop` in `pre-start` is followed by more commands."
        "`stop` with no job name in a job's process asks init to stop this job; it does not end \
         the script, so everything after it still runs (and can fail the start). The documented \
         way to cancel a start from `pre-start` is `stop; exit 0`.\n\nExample:\n    pre-start script\n        [ -f /etc/food.conf ] || stop\n        food --check\n    end script\n\n\
         Fix:\n    pre-start script\n        [ -f /etc/food.conf ] || { stop; exit 0; }\n        food --check\n    end script";
    EXIT_ZERO_IN_RESPAWNED_SERVICE = "S0203" "exit-zero-in-respawned-service" Warning
        "`exit 0` in the main script of a service with `respawn`."
        "For a service (no `task`), any end of the main process is unexpected: exit status 0 too, \
         unless `normal exit 0` is given (spec §6.2 item 10). A main script that `exit 0`s (for \
         example when the daemon is not installed) is respawned until the respawn limit, and \
         then the job is marked failed.\n\nExample:\n    respawn\n    script\n        [ -x /usr/sbin/food ] || exit 0\n        exec /usr/sbin/food\n    end script\n\n\
         Fix: make the decision in `pre-start` with `stop; exit 0`, or add `normal exit 0`.";
    CD_INSTEAD_OF_CHDIR = "S0204" "cd-instead-of-chdir" Info
        "The main script changes to a fixed directory with `cd`."
        "Upstart's `chdir DIR` stanza sets the working directory of every process of the job, \
         before the shell starts; a `cd` at the top of the script does the same for one process \
         and keeps a shell around for it.\n\nExample:\n    script\n        cd /srv/app\n        exec ./server\n    end script\n\n\
         Fix:\n    chdir /srv/app\n    exec ./server";
    SLEEP_LOOP_WAITING_FOR_JOB = "S0205" "sleep-loop-waiting-for-job" Info
        "A `while`/`until` loop polls `status`/`initctl`/`pidof`/`pgrep` with `sleep`."
        "Waiting in a loop for another job duplicates what event conditions do: `start on \
         started OTHER` starts this job once OTHER runs, and `stop on stopping OTHER` stops it \
         first. A polling loop also blocks the process (and, in `pre-start`, the job) for as long \
         as it spins.\n\nExample:\n    pre-start script\n        while ! status mysql | grep -q running; do sleep 1; done\n    end script\n\n\
         Fix:\n    start on started mysql\n    stop on stopping mysql";

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

/// All rules, in code order.
pub fn sorted() -> Vec<&'static Rule> {
    let mut rules = ALL.to_vec();
    rules.sort_by_key(|rule| (rule.family(), rule.code));
    rules
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
        // Error severity means "Upstart rejects the file": nothing Upstart accepts gets one.
        for rule in ALL {
            let upstart_rejects = rule.family() == Family::Error;
            assert_eq!(
                rule.severity == Severity::Error,
                upstart_rejects,
                "{}",
                rule.code
            );
        }
        assert_eq!(find("illegal-nice"), Some(&ILLEGAL_NICE));
    }
}
