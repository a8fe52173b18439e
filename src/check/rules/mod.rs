//! Rule implementations, one module per family.

pub mod conditions;
pub mod context;
pub mod environment;
pub mod events;
pub mod lexical;
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

/// Every per-file W rule, in code order.
const JOB_RULES: &[JobRule] = &[
    process::expect,
    process::background,
    respawn::respawn_limit,
    respawn::task_with_respawn,
    respawn::normal_exit,
    events::operator_not_recognized,
    events::mixed_and_or,
    events::variable_in_start_on,
    events::service_without_stop_on,
    events::manual_before_start_on,
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
    events::runlevel_start_without_stop,
    respawn::respawn_limit_rate,
    environment::instance_without_default,
    process::console_for_daemon,
    process::setuid_root_setup,
    stanzas::usage_without_instance,
];

/// Runs every per-file rule.
pub fn check_job(file: &JobFile) -> Vec<Diagnostic> {
    JOB_RULES.iter().flat_map(|rule| rule(file)).collect()
}
