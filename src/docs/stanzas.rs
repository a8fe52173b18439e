//! One entry per stanza: syntax, meaning, default, and the snippet an editor inserts.

use crate::model::{LIMIT_RESOURCES, signal};
use crate::syntax::StanzaKind;

/// What a stanza is for, in the words of spec §2.
#[derive(Debug, PartialEq, Eq)]
pub struct StanzaDoc {
    /// The stanza.
    pub kind: StanzaKind,
    /// Its syntax line(s), e.g. `respawn limit COUNT INTERVAL`.
    pub syntax: &'static str,
    /// What it means, in a sentence or two.
    pub summary: &'static str,
    /// What Upstart uses when the stanza is absent.
    pub default: &'static str,
    /// An LSP snippet (`$1`, `${1:placeholder}`) that writes the stanza.
    pub snippet: &'static str,
}

macro_rules! stanza_docs {
    ($($kind:ident $syntax:literal $summary:literal $default:literal $snippet:literal;)*) => {
        static STANZAS: &[StanzaDoc] = &[$(StanzaDoc {
            kind: StanzaKind::$kind,
            syntax: $syntax,
            summary: $summary,
            default: $default,
            snippet: $snippet,
        }),*];
    };
}

stanza_docs! {
    Instance "instance NAME" "Template for the instance name; allows several concurrent instances \
        of the job. Variables from the starting event expand in it." "single instance" "instance \\$${1:NAME}";
    Description "description TEXT" "Free text for humans and tools; no effect on behaviour. Quote \
        text with spaces." "none" "description \"${1:text}\"";
    Author "author TEXT" "Free text naming the author; no effect on behaviour." "none" "author \"${1:name}\"";
    Version "version TEXT" "Free text version; no effect on behaviour." "none" "version \"${1:1.0}\"";
    Env "env KEY[=VALUE]" "A default environment variable for the job's processes. No shell \
        expansion: `$` is kept literally." "none" "env ${1:KEY}=${2:value}";
    Export "export KEY…" "Copies job variables into the job's own starting/started/stopping/stopped \
        events." "none" "export ${1:KEY}";
    Start "start on EXPR" "The event condition that starts the job automatically." "none: started \
        only by hand" "start on ${1:runlevel [2345]}";
    Stop "stop on EXPR" "The event condition that stops running instances." "none" "stop on ${1:runlevel [!2345]}";
    Emits "emits EVENT…" "Declares the events this job may emit; used only by checking tools." "none" "emits ${1:event}";
    Exec "exec COMMAND [ARG]…" "The main process, run as a command (through `/bin/sh -e` when it \
        contains shell characters). Shares its slot with `script`: the last one wins." "no main process" "exec ${1:/usr/sbin/daemon}";
    Script "script … end script" "The main process as a shell script run by `/bin/sh -e`. Shares \
        its slot with `exec`: the last one wins." "no main process" "script\n\t$0\nend script";
    PreStart "pre-start exec COMMAND | pre-start script … end script" "Runs before the main process; \
        if it fails, the job does not start." "none" "pre-start script\n\t$0\nend script";
    PostStart "post-start exec COMMAND | post-start script … end script" "Runs after the main process \
        is spawned (and ready, per `expect`); the job is `started` when it ends." "none" "post-start script\n\t$0\nend script";
    PreStop "pre-stop exec COMMAND | pre-stop script … end script" "Runs before the main process is \
        sent its stop signal." "none" "pre-stop script\n\t$0\nend script";
    PostStop "post-stop exec COMMAND | post-stop script … end script" "Runs after the main process has \
        ended, also when it failed." "none" "post-stop script\n\t$0\nend script";
    Expect "expect stop|daemon|fork|none" "How init recognises that the main process is ready, and \
        which PID it follows: `fork` one fork, `daemon` two forks, `stop` a SIGSTOP." "none" "expect ${1|fork,daemon,stop,none|}";
    Task "task" "The job runs to completion: starting it waits until it has finished." "service" "task";
    Kill "kill timeout SECONDS | kill signal SIGNAL" "Seconds between the stop signal and SIGKILL, \
        or the stop signal itself." "timeout 5, signal TERM" "kill ${1|timeout,signal|} ${2}";
    Reload "reload signal SIGNAL" "The signal `initctl reload` sends." "HUP" "reload signal ${1:HUP}";
    Respawn "respawn | respawn limit COUNT INTERVAL | respawn limit unlimited" "Restart the job when \
        its main process ends abnormally; the limit stops respawning after COUNT restarts within \
        INTERVAL seconds (0 means unlimited)." "off; limit 10 in 5 s" "respawn";
    Normal "normal exit STATUS|SIGNAL…" "Exit statuses and signals of the main process that are not \
        failures (and are not respawned)." "only 0 is normal" "normal exit ${1:0}";
    Console "console none|output|owner|log" "Where the job's standard streams go: `log` to \
        /var/log/upstart/JOB.log, `output` the console, `owner` the console and its ownership, \
        `none` /dev/null." "log" "console ${1|log,none,output,owner|}";
    Umask "umask OCTAL" "File mode creation mask of every job process." "022" "umask ${1:022}";
    Nice "nice N" "Scheduling priority, -20 (highest) to 19 (lowest)." "inherited" "nice ${1:0}";
    Oom "oom score N|never" "OOM-killer adjustment, -1000 to 1000, or `never`. The legacy \
        `oom N` takes -17 to 15." "0" "oom score ${1:0}";
    Limit "limit RESOURCE SOFT HARD" "A resource limit (setrlimit) for every job process; values are \
        numbers or `unlimited`." "inherited from init" "limit ${1|as,core,cpu,data,fsize,memlock,msgqueue,nice,nofile,nproc,rss,rtprio,sigpending,stack|} ${2:soft} ${3:hard}";
    Chroot "chroot DIR" "Runs job processes in a chroot." "none" "chroot ${1:/}";
    Chdir "chdir DIR" "Working directory of job processes." "/" "chdir ${1:/}";
    Setuid "setuid USERNAME" "Runs job processes as this user." "root" "setuid ${1:user}";
    Setgid "setgid GROUPNAME" "Runs job processes as this group." "the user's primary group, else root" "setgid ${1:group}";
    Debug "debug" "Pauses job processes before exec, when init runs in debug mode." "off" "debug";
    Manual "manual" "Discards any `start on` seen so far: the job only starts by hand." "—" "manual";
    Usage "usage TEXT" "Help text shown by `initctl usage` and when starting an instance fails." "none" "usage \"${1:text}\"";
    Apparmor "apparmor load PROFILE | apparmor switch NAME" "Loads an AppArmor profile before the job \
        starts, or names the profile the main process runs under." "none" "apparmor ${1|load,switch|} ${2}";
    Cgroup "cgroup CONTROLLER [NAME] [KEY VALUE]" "Places job processes in a cgroup and sets cgroup \
        values." "none" "cgroup ${1:memory}";
}

/// The documentation of `kind`.
pub fn stanza(kind: StanzaKind) -> &'static StanzaDoc {
    // `STANZAS` holds every kind in `StanzaKind::ALL` order (checked by a test).
    &STANZAS[StanzaKind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or_default()]
}

/// The values Upstart accepts as the argument of `kind` after its sub-keyword (`sub`), when they
/// form a closed set: `expect`, `console`, `limit` resources, signals, `oom never`, sub-keywords.
pub fn values(kind: StanzaKind, sub: Option<&str>) -> Vec<&'static str> {
    match (kind, sub) {
        (StanzaKind::Expect, _) => vec!["fork", "daemon", "stop", "none"],
        (StanzaKind::Console, _) => vec!["log", "none", "output", "owner"],
        (StanzaKind::Limit, _) => LIMIT_RESOURCES.to_vec(),
        (StanzaKind::Kill | StanzaKind::Reload, Some("signal")) => signal::names().collect(),
        (StanzaKind::Normal, Some("exit")) => signal::names().collect(),
        (StanzaKind::Respawn, Some("limit")) => vec!["unlimited"],
        (StanzaKind::Oom, Some("score")) => vec!["never"],
        (_, None) => kind.sub_keywords().to_vec(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stanza_is_documented_in_table_order() {
        let kinds: Vec<StanzaKind> = STANZAS.iter().map(|doc| doc.kind).collect();
        assert_eq!(kinds, StanzaKind::ALL);
        for kind in StanzaKind::ALL {
            assert!(stanza(kind).syntax.starts_with(kind.name()), "{kind:?}");
        }
    }
}
