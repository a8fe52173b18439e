//! Dry-run runtime: Upstart 1.13's event engine and job state machine, simulated with a virtual
//! clock and scripted processes (`../shared/spec/runtime.md`). Depends on [`crate::model`] only.

pub mod boot;
pub mod control;
pub mod engine;
pub mod env;
pub mod event;
pub mod hash;
mod job;
pub mod lint;
pub mod operator;
pub mod outcome;
mod process;
mod queue;
pub mod report;
pub mod scenario;
pub mod state;
mod supervise;
pub mod trace;

pub use engine::{CallId, Engine, InstanceId};
