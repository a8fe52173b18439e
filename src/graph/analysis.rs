//! What the graph says about boot: which jobs can ever start, and which start/stop chains
//! deadlock under Upstart's blocking of `starting` / `stopping` (runtime spec §1.8, S23–S26).

use std::collections::{HashMap, HashSet, VecDeque};

use super::{Emitter, EventGraph, Operand, Stanza, is_job_event};

/// Which jobs can start in a boot that begins with init's `startup` and the profile's events.
///
/// Only known names are reasoned about: an event nobody emits, or a job that does not exist, is
/// the business of `unknown-event` / `unknown-job`, and counts as available here so that its
/// consequences are not reported a second time.
#[derive(Debug, Clone)]
pub struct Reachability {
    /// Per job: started by some event chain from boot. Jobs without `start on` are counted as
    /// started (by hand, or by another job's script), so that nothing depending on them is
    /// reported.
    pub started: Vec<bool>,
    /// For each event conditions name: emitted from outside, and the jobs that emit it.
    sources: HashMap<Vec<u8>, (bool, Vec<usize>)>,
}

impl Reachability {
    /// Runs the chain to its fixed point: a job starts when its `start on` can fire with the
    /// events available so far, and then adds its own events.
    pub fn compute(graph: &EventGraph) -> Self {
        let sources = graph
            .used_events()
            .into_iter()
            .map(|event| {
                let mut outside = false;
                let mut jobs = Vec::new();
                for emitter in graph.emitters(event) {
                    match emitter {
                        Emitter::Outside { .. } => outside = true,
                        Emitter::Declared { job, .. } | Emitter::Script { job } => jobs.push(job),
                    }
                }
                (event.to_vec(), (outside, jobs))
            })
            .collect();
        let mut reach = Reachability {
            started: graph.jobs.iter().map(|j| j.start.is_none()).collect(),
            sources,
        };
        loop {
            let mut changed = false;
            for (i, job) in graph.jobs.iter().enumerate() {
                if reach.started[i] {
                    continue;
                }
                if job
                    .start
                    .as_ref()
                    .is_some_and(|c| c.eval(&|o| reach.available(graph, o)))
                {
                    reach.started[i] = true;
                    changed = true;
                }
            }
            if !changed {
                return reach;
            }
        }
    }

    /// Whether `operand` can happen in such a boot (unknown names count as available).
    pub fn available(&self, graph: &EventGraph, operand: &Operand) -> bool {
        if operand.event.first() == Some(&b'$') {
            return true;
        }
        if is_job_event(&operand.event) {
            return match &operand.job {
                None => true,
                Some(name) if name.first() == Some(&b'$') => true,
                Some(name) => graph.job_index(name).is_none_or(|i| self.started[i]),
            };
        }
        match self.sources.get(operand.event.as_slice()) {
            Some((outside, jobs)) => {
                *outside || jobs.is_empty() || jobs.iter().any(|&j| self.started[j])
            }
            None => true,
        }
    }
}

/// A job's transition: reaching `running` (start) or `waiting` (stop).
pub type Transition = (usize, Stanza);

/// Why one transition waits for another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    /// `from`'s hook event (`starting` / `stopping`) is held by `to`'s condition (operand
    /// `leaf` of `to`'s stanza) until `to` settles.
    Hook {
        /// The operand in the holding job's condition.
        leaf: usize,
    },
    /// `from`'s condition cannot fire before `to` has happened (operand `leaf` of `from`'s
    /// stanza, `started X` / `stopped X` under `and`s only).
    Requires {
        /// The operand in the waiting job's condition.
        leaf: usize,
    },
}

/// One step of a deadlock cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The waiting transition.
    pub from: Transition,
    /// The transition it waits for.
    pub to: Transition,
    /// Why.
    pub wait: Wait,
}

/// A cycle of waits that never ends once entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadlock {
    /// The steps, each one's `to` the next one's `from`.
    pub steps: Vec<Step>,
}

/// The waits between transitions.
fn waits(graph: &EventGraph) -> Vec<Step> {
    let mut steps = Vec::new();
    for (j, job) in graph.jobs.iter().enumerate() {
        for stanza in [Stanza::Start, Stanza::Stop] {
            let Some(condition) = job.condition(stanza) else {
                continue;
            };
            // Hooks: the other job's `starting`/`stopping` waits for this one. Requirements:
            // this one's condition waits for the other's `started`/`stopped`.
            for (hook, operands) in [(true, condition.operands()), (false, condition.required())] {
                for operand in operands {
                    let Some(other) = graph.operand_job(operand) else {
                        continue;
                    };
                    let phase = match (hook, operand.event.as_slice()) {
                        (true, b"starting") | (false, b"started") => Stanza::Start,
                        (true, b"stopping") | (false, b"stopped") => Stanza::Stop,
                        _ => continue,
                    };
                    let leaf = operand.leaf;
                    steps.push(if hook {
                        Step {
                            from: (other, phase),
                            to: (j, stanza),
                            wait: Wait::Hook { leaf },
                        }
                    } else {
                        Step {
                            from: (j, stanza),
                            to: (other, phase),
                            wait: Wait::Requires { leaf },
                        }
                    });
                }
            }
        }
    }
    steps
}

/// Cycles of waits that hold a hook event and also need a job to finish a transition.
///
/// A cycle of hooks alone does not deadlock: the last job in it is already on its way when the
/// first one's event comes round, so init ignores the match and holds nothing (runtime spec
/// S25). A cycle of requirements alone is a set of jobs that never start, reported as
/// unreachable. A cycle with both blocks for ever once any of its jobs moves.
pub fn deadlocks(graph: &EventGraph) -> Vec<Deadlock> {
    let steps = waits(graph);
    let node = |t: Transition| t.0 * 2 + usize::from(t.1 == Stanza::Stop);
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); graph.jobs.len() * 2];
    for (i, step) in steps.iter().enumerate() {
        out_edges[node(step.from)].push(i);
    }
    let mut seen_cycles: HashSet<Vec<usize>> = HashSet::new();
    let mut found = Vec::new();
    for (first, step) in steps.iter().enumerate() {
        if !matches!(step.wait, Wait::Hook { .. }) {
            continue;
        }
        let Some(path) = path_back(&steps, &out_edges, node, first) else {
            continue;
        };
        let mut jobs: Vec<usize> = path.iter().map(|&s| steps[s].from.0).collect();
        jobs.sort_unstable();
        jobs.dedup();
        if seen_cycles.insert(jobs) {
            found.push(Deadlock {
                steps: path.into_iter().map(|s| steps[s].clone()).collect(),
            });
        }
    }
    found
}

/// The shortest cycle that starts with step `first` and contains a requirement, as step
/// indices; a breadth-first search over (transition, requirement seen).
fn path_back(
    steps: &[Step],
    out_edges: &[Vec<usize>],
    node: impl Fn(Transition) -> usize,
    first: usize,
) -> Option<Vec<usize>> {
    let goal = node(steps[first].from);
    let states = out_edges.len() * 2;
    let mut came_from: Vec<Option<(usize, usize)>> = vec![None; states];
    let start = node(steps[first].to) * 2;
    let mut queue = VecDeque::from([start]);
    let mut visited = vec![false; states];
    visited[start] = true;
    while let Some(state) = queue.pop_front() {
        let (at, required) = (state / 2, state % 2 == 1);
        if at == goal && required {
            let mut path = Vec::new();
            let mut cursor = state;
            while let Some((previous, step)) = came_from[cursor] {
                path.push(step);
                cursor = previous;
            }
            path.push(first);
            path.reverse();
            return Some(path);
        }
        for &s in &out_edges[at] {
            let now_required = required || matches!(steps[s].wait, Wait::Requires { .. });
            let next = node(steps[s].to) * 2 + usize::from(now_required);
            if !visited[next] {
                visited[next] = true;
                came_from[next] = Some((state, s));
                queue.push_back(next);
            }
        }
    }
    None
}
