//! The 35 stanzas of Upstart 1.13 (spec §2, `parse_job.c:271-309`) and how each reads its line.

/// A top-level stanza keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StanzaKind {
    Instance,
    Description,
    Author,
    Version,
    Env,
    Export,
    Start,
    Stop,
    Emits,
    Exec,
    Script,
    PreStart,
    PostStart,
    PreStop,
    PostStop,
    Expect,
    Task,
    Kill,
    Reload,
    Respawn,
    Normal,
    Console,
    Umask,
    Nice,
    Oom,
    Limit,
    Chroot,
    Chdir,
    Setuid,
    Setgid,
    Debug,
    Manual,
    Usage,
    Apparmor,
    Cgroup,
}

/// How a stanza consumes the rest of its line (spec §1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One dequoted argument, then end of line.
    OneArg,
    /// Nothing, then end of line.
    NoArgs,
    /// Nothing, and no end-of-line check: the rest of the line is a new stanza.
    Flag,
    /// One or more arguments to the end of the line.
    ArgList,
    /// A raw command line.
    Command,
    /// A script block.
    Script,
    /// `exec COMMAND` or `script` block after the keyword.
    Process,
    /// `on` and an event expression.
    On,
    /// Nothing, or `limit COUNT INTERVAL` / `limit unlimited`.
    Respawn,
    /// `exit` and one or more statuses.
    Normal,
    /// `timeout N` or `signal SIG`.
    Kill,
    /// `signal SIG`.
    Reload,
    /// `score N`, `N` or `never`.
    Oom,
    /// `RESOURCE SOFT HARD`.
    Limit,
    /// `load PROFILE` or `switch NAME`.
    Apparmor,
    /// One to four arguments.
    Cgroup,
}

impl StanzaKind {
    /// Every stanza, in the order of Upstart's table.
    pub const ALL: [StanzaKind; 35] = [
        StanzaKind::Instance,
        StanzaKind::Description,
        StanzaKind::Author,
        StanzaKind::Version,
        StanzaKind::Env,
        StanzaKind::Export,
        StanzaKind::Start,
        StanzaKind::Stop,
        StanzaKind::Emits,
        StanzaKind::Exec,
        StanzaKind::Script,
        StanzaKind::PreStart,
        StanzaKind::PostStart,
        StanzaKind::PreStop,
        StanzaKind::PostStop,
        StanzaKind::Expect,
        StanzaKind::Task,
        StanzaKind::Kill,
        StanzaKind::Reload,
        StanzaKind::Respawn,
        StanzaKind::Normal,
        StanzaKind::Console,
        StanzaKind::Umask,
        StanzaKind::Nice,
        StanzaKind::Oom,
        StanzaKind::Limit,
        StanzaKind::Chroot,
        StanzaKind::Chdir,
        StanzaKind::Setuid,
        StanzaKind::Setgid,
        StanzaKind::Debug,
        StanzaKind::Manual,
        StanzaKind::Usage,
        StanzaKind::Apparmor,
        StanzaKind::Cgroup,
    ];

    /// The keyword as written in a job file.
    pub fn name(self) -> &'static str {
        match self {
            StanzaKind::Instance => "instance",
            StanzaKind::Description => "description",
            StanzaKind::Author => "author",
            StanzaKind::Version => "version",
            StanzaKind::Env => "env",
            StanzaKind::Export => "export",
            StanzaKind::Start => "start",
            StanzaKind::Stop => "stop",
            StanzaKind::Emits => "emits",
            StanzaKind::Exec => "exec",
            StanzaKind::Script => "script",
            StanzaKind::PreStart => "pre-start",
            StanzaKind::PostStart => "post-start",
            StanzaKind::PreStop => "pre-stop",
            StanzaKind::PostStop => "post-stop",
            StanzaKind::Expect => "expect",
            StanzaKind::Task => "task",
            StanzaKind::Kill => "kill",
            StanzaKind::Reload => "reload",
            StanzaKind::Respawn => "respawn",
            StanzaKind::Normal => "normal",
            StanzaKind::Console => "console",
            StanzaKind::Umask => "umask",
            StanzaKind::Nice => "nice",
            StanzaKind::Oom => "oom",
            StanzaKind::Limit => "limit",
            StanzaKind::Chroot => "chroot",
            StanzaKind::Chdir => "chdir",
            StanzaKind::Setuid => "setuid",
            StanzaKind::Setgid => "setgid",
            StanzaKind::Debug => "debug",
            StanzaKind::Manual => "manual",
            StanzaKind::Usage => "usage",
            StanzaKind::Apparmor => "apparmor",
            StanzaKind::Cgroup => "cgroup",
        }
    }

    /// Looks a keyword up exactly as Upstart does: byte-exact and case-sensitive.
    pub fn from_name(name: &[u8]) -> Option<StanzaKind> {
        use StanzaKind::*;
        Some(match name {
            b"instance" => Instance,
            b"description" => Description,
            b"author" => Author,
            b"version" => Version,
            b"env" => Env,
            b"export" => Export,
            b"start" => Start,
            b"stop" => Stop,
            b"emits" => Emits,
            b"exec" => Exec,
            b"script" => Script,
            b"pre-start" => PreStart,
            b"post-start" => PostStart,
            b"pre-stop" => PreStop,
            b"post-stop" => PostStop,
            b"expect" => Expect,
            b"task" => Task,
            b"kill" => Kill,
            b"reload" => Reload,
            b"respawn" => Respawn,
            b"normal" => Normal,
            b"console" => Console,
            b"umask" => Umask,
            b"nice" => Nice,
            b"oom" => Oom,
            b"limit" => Limit,
            b"chroot" => Chroot,
            b"chdir" => Chdir,
            b"setuid" => Setuid,
            b"setgid" => Setgid,
            b"debug" => Debug,
            b"manual" => Manual,
            b"usage" => Usage,
            b"apparmor" => Apparmor,
            b"cgroup" => Cgroup,
            _ => return None,
        })
    }

    /// How the stanza reads its line.
    pub fn shape(self) -> Shape {
        use StanzaKind::*;
        match self {
            Instance | Description | Author | Version | Env | Expect | Console | Umask | Nice
            | Chroot | Chdir | Setuid | Setgid | Usage => Shape::OneArg,
            Task => Shape::NoArgs,
            Manual | Debug => Shape::Flag,
            Emits | Export => Shape::ArgList,
            Exec => Shape::Command,
            Script => Shape::Script,
            PreStart | PostStart | PreStop | PostStop => Shape::Process,
            Start | Stop => Shape::On,
            Respawn => Shape::Respawn,
            Normal => Shape::Normal,
            Kill => Shape::Kill,
            Reload => Shape::Reload,
            Oom => Shape::Oom,
            Limit => Shape::Limit,
            Apparmor => Shape::Apparmor,
            Cgroup => Shape::Cgroup,
        }
    }

    /// The raw sub-keywords this stanza accepts after its name, if it takes one.
    pub fn sub_keywords(self) -> &'static [&'static str] {
        match self.shape() {
            Shape::Process => &["exec", "script"],
            Shape::On => &["on"],
            Shape::Respawn => &["limit"],
            Shape::Normal => &["exit"],
            Shape::Kill => &["timeout", "signal"],
            Shape::Reload => &["signal"],
            Shape::Apparmor => &["load", "switch"],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_kinds_agree() {
        for kind in StanzaKind::ALL {
            assert_eq!(StanzaKind::from_name(kind.name().as_bytes()), Some(kind));
        }
        assert_eq!(StanzaKind::from_name(b"Exec"), None);
        assert_eq!(StanzaKind::from_name(b"\"exec\""), None);
    }
}
