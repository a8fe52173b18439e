//! Events whose emitter and environment are known (spec §3.7, §3.8): what rules, the event
//! graph and editor hovers say about an event name.

/// Who emits a well-known event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Init itself: needs no `emits` declaration anywhere.
    Init,
    /// One of Upstart's own tools or bridges (telinit, upstart-udev-bridge, …).
    UpstartTool,
    /// A standard Ubuntu 14.04-era package (mountall, ifupdown, …).
    Ubuntu,
}

/// An event with a documented emitter and environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownEvent {
    /// The event name (`*` in a device event stands for any subsystem or action).
    pub name: &'static str,
    /// What emits it.
    pub origin: Origin,
    /// The emitting program or job, in words.
    pub emitter: &'static str,
    /// Its environment in positional order: what `start on NAME A B` compares `A` and `B` with.
    pub variables: &'static [&'static str],
    /// Whether the variables list is complete: when it is not (device and D-Bus events carry
    /// extra properties), a variable missing from it may still be present.
    pub variables_complete: bool,
    /// Whether the emitter waits for the jobs it starts or stops to settle (spec §3.7, §3.8).
    pub blocking: bool,
    /// When it is emitted, in one sentence.
    pub summary: &'static str,
}

/// The four job events' environment, in positional order (spec §3.7). Exported variables
/// follow these.
pub const JOB_EVENT_VARIABLES: [&str; 6] = [
    "JOB",
    "INSTANCE",
    "RESULT",
    "PROCESS",
    "EXIT_STATUS",
    "EXIT_SIGNAL",
];

const fn event(
    name: &'static str,
    origin: Origin,
    emitter: &'static str,
    variables: &'static [&'static str],
    blocking: bool,
    summary: &'static str,
) -> KnownEvent {
    KnownEvent {
        name,
        origin,
        emitter,
        variables,
        variables_complete: true,
        blocking,
        summary,
    }
}

const fn open_ended(mut known: KnownEvent) -> KnownEvent {
    known.variables_complete = false;
    known
}

const MOUNT_VARIABLES: &[&str] = &["DEVICE", "MOUNTPOINT", "TYPE", "OPTIONS"];
const NET_VARIABLES: &[&str] = &["IFACE", "LOGICAL", "ADDRFAM", "METHOD"];
const DEVICE_VARIABLES: &[&str] = &["KERNEL", "DEVPATH", "DEVNAME", "SUBSYSTEM", "ACTION"];

use Origin::{Init, Ubuntu, UpstartTool};

/// Every well-known event, init's first.
pub static KNOWN_EVENTS: &[KnownEvent] = &[
    event(
        "startup",
        Init,
        "init",
        &[],
        false,
        "Emitted once, when init starts.",
    ),
    event(
        "starting",
        Init,
        "init",
        &["JOB", "INSTANCE"],
        true,
        "A job is about to start; the job waits until every job this event starts or stops has settled.",
    ),
    event(
        "started",
        Init,
        "init",
        &["JOB", "INSTANCE"],
        false,
        "A job's main process is running (for a task: running, not finished).",
    ),
    event(
        "stopping",
        Init,
        "init",
        &JOB_EVENT_VARIABLES,
        true,
        "A job is about to stop; the job waits until every job this event starts or stops has settled.",
    ),
    event(
        "stopped",
        Init,
        "init",
        &JOB_EVENT_VARIABLES,
        false,
        "A job has stopped (for a task: it has finished).",
    ),
    event(
        "control-alt-delete",
        Init,
        "init",
        &[],
        false,
        "PID 1 received SIGINT (Ctrl-Alt-Del).",
    ),
    event(
        "keyboard-request",
        Init,
        "init",
        &[],
        false,
        "PID 1 received SIGWINCH (Alt-Up), if the console supports it.",
    ),
    event(
        "power-status-changed",
        Init,
        "init",
        &[],
        false,
        "PID 1 received SIGPWR.",
    ),
    event(
        "session-end",
        Init,
        "init",
        &["TYPE"],
        false,
        "A session init is asked to end (TYPE=logout or shutdown).",
    ),
    event(
        "child-subreaper-failed",
        Init,
        "init",
        &[],
        false,
        "Init is not PID 1 and could not become a child subreaper.",
    ),
    event(
        "runlevel",
        UpstartTool,
        "telinit, shutdown, reboot",
        &["RUNLEVEL", "PREVLEVEL", "INIT_HALT"],
        true,
        "The system runlevel changes (RUNLEVEL 0-6 or S).",
    ),
    open_ended(event(
        "*-device-*",
        UpstartTool,
        "upstart-udev-bridge",
        DEVICE_VARIABLES,
        false,
        "A udev event: SUBSYSTEM-device-ACTION, with the device's udev properties.",
    )),
    event(
        "socket",
        UpstartTool,
        "upstart-socket-bridge",
        &["PROTO", "PORT", "ADDR", "SOCKET_PATH"],
        false,
        "A connection arrived on a socket a job's condition names.",
    ),
    event(
        "file",
        UpstartTool,
        "upstart-file-bridge",
        &["FILE", "EVENT", "MATCH"],
        false,
        "A file a job's condition names was created, modified or deleted.",
    ),
    open_ended(event(
        "dbus",
        UpstartTool,
        "upstart-dbus-bridge",
        &[
            "SIGNAL",
            "BUS",
            "INTERFACE",
            "OBJPATH",
            "SENDER",
            "DESTINATION",
        ],
        false,
        "A D-Bus signal arrived (ARG0…ARGn follow).",
    )),
    event(
        "dconf",
        UpstartTool,
        "upstart-dconf-bridge",
        &["TYPE", "KEY", "VALUE"],
        false,
        "A dconf key changed (session init).",
    ),
    event(
        "mounting",
        Ubuntu,
        "mountall",
        MOUNT_VARIABLES,
        true,
        "A filesystem from fstab is about to be mounted.",
    ),
    event(
        "mounted",
        Ubuntu,
        "mountall",
        MOUNT_VARIABLES,
        true,
        "A filesystem from fstab has been mounted.",
    ),
    event(
        "virtual-filesystems",
        Ubuntu,
        "mountall",
        &[],
        false,
        "The last virtual filesystem (/proc, /sys, …) is mounted.",
    ),
    event(
        "local-filesystems",
        Ubuntu,
        "mountall",
        &[],
        false,
        "The last local filesystem is mounted.",
    ),
    event(
        "remote-filesystems",
        Ubuntu,
        "mountall",
        &[],
        false,
        "The last remote filesystem is mounted.",
    ),
    event(
        "filesystem",
        Ubuntu,
        "mountall",
        &[],
        false,
        "Everything in fstab is mounted.",
    ),
    event(
        "all-swaps",
        Ubuntu,
        "mountall",
        &[],
        false,
        "Every swap device is active.",
    ),
    event(
        "device-not-ready",
        Ubuntu,
        "mountall",
        MOUNT_VARIABLES,
        false,
        "A device did not appear within mountall's wait time.",
    ),
    event(
        "net-device-up",
        Ubuntu,
        "ifupdown hook (and the network-interface job for lo)",
        NET_VARIABLES,
        false,
        "A network interface is up; fires for every interface, lo included.",
    ),
    event(
        "net-device-down",
        Ubuntu,
        "ifupdown hook",
        NET_VARIABLES,
        false,
        "A network interface went down.",
    ),
    event(
        "static-network-up",
        Ubuntu,
        "ifupdown hook",
        &[],
        false,
        "Every `auto` interface is up.",
    ),
    event(
        "deconfiguring-networking",
        Ubuntu,
        "/etc/init.d/networking",
        &[],
        true,
        "Non-local interfaces are about to go down.",
    ),
    event(
        "unmounted-remote-filesystems",
        Ubuntu,
        "umountnfs.sh",
        &[],
        false,
        "Remote filesystems are unmounted.",
    ),
    event(
        "container",
        Ubuntu,
        "container-detect job",
        &["CONTAINER"],
        false,
        "The system runs in a container.",
    ),
    event(
        "not-container",
        Ubuntu,
        "container-detect job",
        &[],
        false,
        "The system does not run in a container.",
    ),
    event(
        "failsafe-boot",
        Ubuntu,
        "failsafe job",
        &[],
        false,
        "Boot took longer than about two minutes.",
    ),
    event(
        "recovery",
        Ubuntu,
        "bootloader / initramfs",
        &[],
        false,
        "A recovery boot.",
    ),
    event(
        "desktop-session-start",
        Ubuntu,
        "display manager",
        &[],
        false,
        "A desktop session starts.",
    ),
    event(
        "desktop-shutdown",
        Ubuntu,
        "display manager",
        &[],
        false,
        "The desktop is shutting down.",
    ),
    event(
        "login-session-start",
        Ubuntu,
        "display manager",
        &[],
        false,
        "A login session starts.",
    ),
    event(
        "dbus-activation",
        Ubuntu,
        "dbus-daemon --activation=upstart",
        &[],
        false,
        "D-Bus asks for a service to be activated.",
    ),
];

/// The well-known event called `name`, if any (`NAME/failed` is described by NAME's entry).
pub fn find(name: &str) -> Option<&'static KnownEvent> {
    let name = name.strip_suffix("/failed").unwrap_or(name);
    // An exact entry first: `net-device-up` comes from ifupdown, though shaped like a udev event.
    KNOWN_EVENTS
        .iter()
        .find(|known| known.name == name)
        .or_else(|| {
            KNOWN_EVENTS
                .iter()
                .find(|known| known.name == "*-device-*" && is_device_event(name))
        })
}

/// Whether `name` has the shape of an upstart-udev-bridge event: `SUBSYSTEM-device-ACTION`.
pub fn is_device_event(name: &str) -> bool {
    name.split_once("-device-")
        .is_some_and(|(subsystem, action)| !subsystem.is_empty() && !action.is_empty())
}

/// Whether `name` is one of the four job events.
pub fn is_job_event(name: &str) -> bool {
    matches!(name, "starting" | "started" | "stopping" | "stopped")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_device_and_failed_events() {
        assert_eq!(find("filesystem").map(|e| e.emitter), Some("mountall"));
        assert_eq!(find("net-device-added").map(|e| e.name), Some("*-device-*"));
        assert_eq!(find("net-device-up").map(|e| e.name), Some("net-device-up"));
        assert_eq!(find("runlevel/failed").map(|e| e.name), Some("runlevel"));
        assert!(find("local-filesystem").is_none());
        assert!(!is_device_event("-device-added"));
    }

    #[test]
    fn job_events_carry_their_documented_order() {
        let stopped = find("stopped").map(|e| e.variables);
        assert_eq!(stopped, Some(&JOB_EVENT_VARIABLES[..]));
        assert!(is_job_event("starting") && !is_job_event("startup"));
    }
}
