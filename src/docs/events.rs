//! Well-known events: who emits them and the variables they carry (spec §3.7, §3.8).

/// What an event is and what it carries.
#[derive(Debug, PartialEq, Eq)]
pub struct EventDoc {
    /// The event name.
    pub name: &'static str,
    /// Who emits it.
    pub emitted_by: &'static str,
    /// Its environment, in positional order.
    pub variables: &'static [&'static str],
    /// When it happens, and what a job author should know.
    pub meaning: &'static str,
}

/// The four events init emits for every job; their first argument is a job name.
pub const JOB_EVENTS: [&str; 4] = ["starting", "started", "stopping", "stopped"];

const JOB_VARIABLES: &[&str] = &["JOB", "INSTANCE"];
const JOB_END_VARIABLES: &[&str] = &[
    "JOB",
    "INSTANCE",
    "RESULT",
    "PROCESS",
    "EXIT_STATUS",
    "EXIT_SIGNAL",
];
const MOUNT_VARIABLES: &[&str] = &["DEVICE", "MOUNTPOINT", "TYPE", "OPTIONS"];
const NET_VARIABLES: &[&str] = &["IFACE", "LOGICAL", "ADDRFAM", "METHOD"];

macro_rules! event_docs {
    ($($name:literal $emitter:literal $variables:expr, $meaning:literal;)*) => {
        /// Every well-known event, init's own first.
        pub static EVENTS: &[EventDoc] = &[$(EventDoc {
            name: $name,
            emitted_by: $emitter,
            variables: $variables,
            meaning: $meaning,
        }),*];
    };
}

event_docs! {
    "startup" "init" &[], "Once, when init starts. The root of every boot chain.";
    "starting" "init" JOB_VARIABLES, "A job is about to start. Blocking: the job waits until every \
        job this event starts or stops has settled. Exported variables follow INSTANCE.";
    "started" "init" JOB_VARIABLES, "A job is running (after post-start). Informational.";
    "stopping" "init" JOB_END_VARIABLES, "A job is about to stop. Blocking. PROCESS and \
        EXIT_STATUS/EXIT_SIGNAL are set only when RESULT=failed.";
    "stopped" "init" JOB_END_VARIABLES, "A job has stopped (after post-stop). Informational. \
        PROCESS and EXIT_STATUS/EXIT_SIGNAL are set only when RESULT=failed.";
    "control-alt-delete" "init" &[], "PID 1 received SIGINT (Ctrl-Alt-Del).";
    "keyboard-request" "init" &[], "PID 1 received SIGWINCH (Alt-Up).";
    "power-status-changed" "init" &[], "PID 1 received SIGPWR.";
    "session-end" "init (session)" &["TYPE"], "A session init is asked to end; TYPE is `logout` \
        or `shutdown`.";
    "child-subreaper-failed" "init" &[], "init is not PID 1 and could not become a subreaper.";
    "runlevel" "telinit, shutdown, reboot" &["RUNLEVEL", "PREVLEVEL", "INIT_HALT"], "The system \
        runlevel changes. RUNLEVEL is one of 0-6 S s; PREVLEVEL is the previous one or N.";
    "socket" "upstart-socket-bridge" &["PROTO", "PORT", "ADDR", "SOCKET_PATH"], "A connection on \
        a socket the bridge listens on for this job. Every argument must be KEY=VALUE.";
    "file" "upstart-file-bridge" &["FILE", "EVENT", "MATCH"], "A watched file was created, \
        modified or deleted (EVENT).";
    "dbus" "upstart-dbus-bridge" &["SIGNAL", "BUS", "INTERFACE", "OBJPATH", "SENDER", "DESTINATION"],
        "A D-Bus signal was received; ARG0… follow for simple arguments.";
    "dconf" "upstart-dconf-bridge" &["TYPE", "KEY", "VALUE"], "A dconf key changed (session init).";
    "mounting" "mountall" MOUNT_VARIABLES, "Blocking: a filesystem from fstab is about to be mounted.";
    "mounted" "mountall" MOUNT_VARIABLES, "Blocking: a filesystem from fstab has been mounted.";
    "virtual-filesystems" "mountall" &[], "The last virtual filesystem (/proc, /sys, …) is mounted.";
    "local-filesystems" "mountall" &[], "The last local filesystem is mounted.";
    "remote-filesystems" "mountall" &[], "The last remote filesystem is mounted.";
    "filesystem" "mountall" &[], "Everything in fstab is mounted (singular name).";
    "all-swaps" "mountall" &[], "All swap devices are enabled.";
    "device-not-ready" "mountall" MOUNT_VARIABLES, "A device did not appear in time.";
    "net-device-up" "ifupdown hook, network-interface job" NET_VARIABLES, "A network interface is \
        up. Fires for every interface, including `lo`: match IFACE to wait for one.";
    "net-device-down" "ifupdown hook" NET_VARIABLES, "A network interface went down.";
    "static-network-up" "ifupdown hook" &[], "All `auto` interfaces are up.";
    "deconfiguring-networking" "/etc/init.d/networking" &[], "Blocking: non-local interfaces are \
        about to go down.";
    "container" "container-detect job" &["CONTAINER"], "Booted in a container of type CONTAINER.";
    "not-container" "container-detect job" &[], "Booted outside a container.";
    "failsafe-boot" "failsafe job" &[], "Boot took longer than about two minutes.";
}

/// The documentation of the event called `name`, if it is well known.
pub fn event(name: &str) -> Option<&'static EventDoc> {
    EVENTS.iter().find(|doc| doc.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_events_are_documented_with_job_first() {
        for name in JOB_EVENTS {
            assert_eq!(event(name).map(|doc| doc.variables[0]), Some("JOB"));
        }
        assert_eq!(event("stopped").map(|d| d.variables.len()), Some(6));
        assert_eq!(event("no-such-event"), None);
    }
}
