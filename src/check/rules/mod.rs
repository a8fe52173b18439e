//! Rule implementations, one module per family.

pub mod compat;
pub mod conditions;
pub mod context;
pub mod environment;
pub mod events;
pub mod lexical;
pub mod overrides;
pub mod policy;
pub mod process;
pub mod resources;
pub mod respawn;
pub mod stanzas;
pub mod text;
pub mod upstart_errors;

use context::JobFile;

use crate::check::Diagnostic;

/// A per-file rule: looks at one job Upstart accepts and returns its findings.
type JobRule = fn(&JobFile) -> Vec<Diagnostic>;

/// Rules that judge stanzas on their own: they hold for an `.override` as for a `.conf`.
const STANZA_RULES: &[JobRule] = &[
    process::background,
    respawn::normal_exit,
    events::operator_not_recognized,
    events::mixed_and_or,
    events::variable_in_start_on,
    stanzas::duplicate_stanza,
    environment::variable_in_env,
    environment::export_variable_reference,
    resources::numeric_signal,
    resources::limit_soft_above_hard,
    resources::legacy_oom,
    text::mid_word_comment,
    text::escaped_quote_in_quotes,
    text::quote_spans_lines,
    text::crlf_in_script,
    text::text_after_flag,
    events::and_on_hook_event,
    conditions::event_variable_never_set,
    conditions::not_equal_on_optional_variable,
    conditions::positional_event_argument,
    conditions::unix_socket_activation,
    compat::newer_than_target,
];

/// Rules that judge the whole job: run on a `.conf`, with its `.override` applied.
const WHOLE_JOB_RULES: &[JobRule] = &[
    process::expect,
    respawn::respawn_limit,
    respawn::task_with_respawn,
    events::service_without_stop_on,
    events::manual_before_start_on,
    events::runlevel_start_without_stop,
    respawn::respawn_limit_rate,
    environment::instance_without_default,
    process::console_for_daemon,
    process::setuid_root_setup,
    stanzas::usage_without_instance,
];

/// Runs the rules that judge stanzas on their own.
pub fn check_stanzas(file: &JobFile) -> Vec<Diagnostic> {
    STANZA_RULES.iter().flat_map(|rule| rule(file)).collect()
}

/// Runs the rules that judge the whole job.
pub fn check_whole_job(file: &JobFile) -> Vec<Diagnostic> {
    WHOLE_JOB_RULES.iter().flat_map(|rule| rule(file)).collect()
}

/// Runs the opt-in P rules; `whole_job` adds those that need the whole job (not an override).
pub fn check_policy(file: &JobFile, whole_job: bool) -> Vec<Diagnostic> {
    let mut found = policy::oom_score_never(file);
    found.extend(policy::filesystem_commands(file));
    if whole_job {
        found.extend(policy::required_stanzas(file));
    }
    found
}
