//! Goals, the 17 job states and the next-state function (spec §1.2–§1.4).

use crate::model::ProcessKind;

/// What an instance is heading for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// Heading for waiting.
    Stop,
    /// Heading for running.
    Start,
    /// Internal: the main process died while post-start or pre-stop still runs (spec §1.2).
    Respawn,
}

impl Goal {
    /// The name Upstart prints.
    pub fn name(self) -> &'static str {
        match self {
            Goal::Stop => "stop",
            Goal::Start => "start",
            Goal::Respawn => "respawn",
        }
    }
}

/// The 17 states of Upstart 1.13 (`job.h:66-84`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Rest state; instances are destroyed on entering it.
    Waiting,
    /// Blocked on the `starting` event.
    Starting,
    /// Transient: spawns the AppArmor helper.
    SecuritySpawning,
    /// Waits for the AppArmor helper.
    Security,
    /// Transient: spawns pre-start.
    PreStarting,
    /// Waits for pre-start.
    PreStart,
    /// Transient: spawns main.
    Spawning,
    /// Waits for exec confirmation, forks or SIGSTOP.
    Spawned,
    /// Transient: spawns post-start.
    PostStarting,
    /// Waits for post-start.
    PostStart,
    /// Rest state.
    Running,
    /// Transient: spawns pre-stop.
    PreStopping,
    /// Waits for pre-stop.
    PreStop,
    /// Blocked on the `stopping` event.
    Stopping,
    /// Waits for the main process to die.
    Killed,
    /// Transient: spawns post-stop.
    PostStopping,
    /// Waits for post-stop.
    PostStop,
}

impl JobState {
    /// The name Upstart prints.
    pub fn name(self) -> &'static str {
        match self {
            JobState::Waiting => "waiting",
            JobState::Starting => "starting",
            JobState::SecuritySpawning => "security-spawning",
            JobState::Security => "security",
            JobState::PreStarting => "pre-starting",
            JobState::PreStart => "pre-start",
            JobState::Spawning => "spawning",
            JobState::Spawned => "spawned",
            JobState::PostStarting => "post-starting",
            JobState::PostStart => "post-start",
            JobState::Running => "running",
            JobState::PreStopping => "pre-stopping",
            JobState::PreStop => "pre-stop",
            JobState::Stopping => "stopping",
            JobState::Killed => "killed",
            JobState::PostStopping => "post-stopping",
            JobState::PostStop => "post-stop",
        }
    }
}

impl JobState {
    /// The process slot a state spawns (the "-ing" states) or waits for.
    pub fn process(self) -> Option<ProcessKind> {
        match self {
            JobState::PreStarting | JobState::PreStart => Some(ProcessKind::PreStart),
            JobState::Spawning | JobState::Spawned => Some(ProcessKind::Main),
            JobState::PostStarting | JobState::PostStart => Some(ProcessKind::PostStart),
            JobState::PreStopping | JobState::PreStop => Some(ProcessKind::PreStop),
            JobState::PostStopping | JobState::PostStop => Some(ProcessKind::PostStop),
            _ => None,
        }
    }
}

/// `job_next_state` (`job.c:683-856`): where an instance goes from `state` with `goal`.
///
/// `main_alive` is whether the class has a main process and its pid is live (only consulted
/// when stopping from running). Returns the state and whether a `respawn` goal turns back into
/// `start` on the way.
pub fn next_state(state: JobState, goal: Goal, main_alive: bool) -> (JobState, bool) {
    use JobState::*;
    let stopping = goal == Goal::Stop;
    let next = match state {
        Waiting => Starting,
        Starting if !stopping => SecuritySpawning,
        SecuritySpawning if !stopping => Security,
        Security if !stopping => PreStarting,
        PreStarting if !stopping => PreStart,
        PreStart if !stopping => Spawning,
        Spawning if !stopping => Spawned,
        Spawned if !stopping => PostStarting,
        PostStarting if !stopping => PostStart,
        PostStart if goal == Goal::Start => Running,
        Running if stopping && main_alive => PreStopping,
        PreStopping => PreStop,
        PreStop if goal == Goal::Start => Running,
        Stopping => Killed,
        Killed => PostStopping,
        PostStopping => PostStop,
        PostStop if stopping => Waiting,
        PostStop => Starting,
        _ => Stopping,
    };
    let respawn_to_start = goal == Goal::Respawn && matches!(state, PostStart | PreStop);
    (next, respawn_to_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_spec_section_1_4() {
        use JobState::*;
        assert_eq!(next_state(Running, Goal::Stop, true).0, PreStopping);
        assert_eq!(next_state(Running, Goal::Stop, false).0, Stopping);
        assert_eq!(next_state(Running, Goal::Start, true).0, Stopping);
        assert_eq!(next_state(PreStop, Goal::Start, true).0, Running);
        assert_eq!(next_state(PreStopping, Goal::Stop, true).0, PreStop);
        assert_eq!(next_state(PostStop, Goal::Start, false).0, Starting);
        assert_eq!(
            next_state(PostStart, Goal::Respawn, false),
            (Stopping, true)
        );
        assert_eq!(next_state(Spawned, Goal::Stop, true).0, Stopping);
    }
}
