//! Platform profiles: which events come from outside the job set (init itself, the platform's
//! standard jobs, bridges and tools), so that a job waiting for them is not "unknown" or
//! "unreachable".

use crate::model::Bytes;

/// A named set of outside events (globs allowed), extendable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    /// Event names or globs emitted from outside the job set.
    pub events: Vec<Bytes>,
    /// Jobs the platform has that the job set may not include (their job events happen).
    pub jobs: Vec<Bytes>,
}

/// What init itself emits (`util/initctl.h`, spec §3.8), in any profile.
pub const INIT_EVENTS: &[&str] = &[
    "startup",
    "control-alt-delete",
    "keyboard-request",
    "power-status-changed",
    "session-end",
    "child-subreaper-failed",
    "*/failed",
];

/// Ubuntu 14.04: mountall, ifupdown, the standard jobs, Upstart's bridges, and the session's
/// usual emitters (`upstart-events(7)`, spec §3.8).
const UBUNTU_EVENTS: &[&str] = &[
    "runlevel",
    "mounting",
    "mounted",
    "virtual-filesystems",
    "local-filesystems",
    "remote-filesystems",
    "filesystem",
    "all-swaps",
    "device-not-ready",
    "net-device-up",
    "net-device-down",
    "static-network-up",
    "deconfiguring-networking",
    "unmounted-remote-filesystems",
    "container",
    "not-container",
    "failsafe-boot",
    "recovery",
    "desktop-session-start",
    "desktop-shutdown",
    "login-session-start",
    "dbus-activation",
    "*-device-added",
    "*-device-removed",
    "*-device-changed",
    "*-device-online",
    "*-device-offline",
    "socket",
    "file",
    "dbus",
    "dconf",
    ":sys:*",
    "desktop-start",
    "desktop-end",
    "xsession",
    "rotate-logs",
];

/// The jobs of a standard Ubuntu 14.04 `/etc/init` that other packages' jobs refer to.
const UBUNTU_JOBS: &[&str] = &[
    "mountall",
    "mountall-net",
    "mountall-reboot",
    "mountall-shell",
    "mounted-dev",
    "mounted-proc",
    "mounted-run",
    "mounted-tmp",
    "mounted-var",
    "udev",
    "udevtrigger",
    "udev-fallback-graphics",
    "udev-finish",
    "udevmonitor",
    "dbus",
    "rc",
    "rc-sysinit",
    "rcS",
    "networking",
    "network-interface",
    "network-interface-security",
    "network-interface-container",
    "network-manager",
    "failsafe",
    "container-detect",
    "plymouth",
    "plymouth-log",
    "plymouth-ready",
    "plymouth-splash",
    "plymouth-stop",
    "plymouth-upstart-bridge",
    "console-setup",
    "hostname",
    "procps",
    "cron",
    "rsyslog",
    "ssh",
    "resolvconf",
    "ufw",
    "apparmor",
    "friendly-recovery",
    "lightdm",
    "gdm",
    "kdm",
    "lxdm",
    "tty1",
    "tty2",
    "tty3",
    "tty4",
    "tty5",
    "tty6",
    "console",
    "control-alt-delete",
    "shutdown",
    "upstart-udev-bridge",
    "upstart-socket-bridge",
    "upstart-file-bridge",
    "upstart-dbus-bridge",
    "upstart-event-bridge",
    "kmod",
    "setvtrgb",
    "bootmisc.sh",
    "checkfs.sh",
    "checkroot.sh",
    "acpid",
    "avahi-daemon",
    "cups",
    "bluetooth",
    "alsa-restore",
    "alsa-store",
    "wait-for-state",
    "startpar-bridge",
];

/// Chrome OS: the udev bridge plus what session_manager and Chrome emit.
const CHROMEOS_EVENTS: &[&str] = &[
    "*-device-added",
    "*-device-removed",
    "*-device-changed",
    "login-prompt-visible",
    "start-user-session",
    "stop-user-session",
    "screen-locked",
    "screen-unlocked",
    "session-manager-start",
    "shill-connected",
    "shill-disconnected",
];

/// Chrome OS's standard jobs that others start or stop on.
const CHROMEOS_JOBS: &[&str] = &[
    "boot-services",
    "system-services",
    "failsafe",
    "failsafe-delay",
    "ui",
    "udev",
    "udev-trigger",
    "udev-trigger-early",
    "dbus",
    "shill",
    "syslog",
    "cryptohomed",
    "boot-complete",
    "pre-startup",
    "chromeos_startup",
    "network-services",
];

impl Profile {
    /// The profile called `name`: `upstart`, `ubuntu` or `chromeos`.
    pub fn named(name: &str) -> Option<Profile> {
        let (extra, jobs): (&[&str], &[&str]) = match name {
            "upstart" => (&[], &[]),
            "ubuntu" => (UBUNTU_EVENTS, UBUNTU_JOBS),
            "chromeos" => (CHROMEOS_EVENTS, CHROMEOS_JOBS),
            _ => return None,
        };
        Some(Profile {
            name: name.to_string(),
            events: INIT_EVENTS
                .iter()
                .chain(extra)
                .map(|e| e.as_bytes().to_vec())
                .collect(),
            jobs: jobs.iter().map(|j| j.as_bytes().to_vec()).collect(),
        })
    }

    /// The profile names [`Profile::named`] knows.
    pub const NAMES: &'static [&'static str] = &["upstart", "ubuntu", "chromeos"];

    /// Adds events (a config file's or the command line's).
    pub fn extend(&mut self, events: impl IntoIterator<Item = Bytes>) {
        self.events.extend(events);
    }
}
