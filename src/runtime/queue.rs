//! The event queue (spec §2): queuing, `event_poll`'s passes, matching an event against every
//! job's `stop on` and `start on`, the latches it takes and releases, and finishing.

use super::engine::{Engine, Held, Instance, InstanceId};
use super::env::Env;
use super::event::{Event, EventId, Progress, Waiter};
use super::state::Goal;
use super::trace::Record;
use crate::model::Bytes;

impl Engine {
    /// Queues an event (`event_new`).
    pub fn queue_event(&mut self, name: Bytes, env: Env) -> EventId {
        let id = EventId(self.events.len());
        self.log(Record::Pending(String::from_utf8_lossy(&name).into_owned()));
        self.events.push(Event::new(name, env, self.now));
        self.queue.push(id);
        id
    }

    /// `event_poll`: passes over the queue until one finds nothing to do.
    pub fn event_poll(&mut self) {
        loop {
            let mut progressed = false;
            let mut cursor = 0;
            while cursor < self.queue.len() {
                let id = self.queue[cursor];
                if self.events[id.0].progress == Progress::Pending {
                    self.events[id.0].progress = Progress::Handling;
                    let name = String::from_utf8_lossy(&self.events[id.0].name).into_owned();
                    self.log(Record::Handling(name));
                    self.handle_event(id);
                    progressed = true;
                }
                if self.events[id.0].blockers == 0 {
                    self.queue.remove(cursor);
                    self.finish_event(id);
                    progressed = true;
                } else {
                    cursor += 1;
                }
            }
            if !progressed {
                break;
            }
        }
    }

    /// `event_pending_handle_jobs` (spec §2.2): stop-on of every instance, then start-on, class
    /// by class in hash order.
    fn handle_event(&mut self, id: EventId) {
        let event = self.events[id.0].clone();
        for class in 0..self.classes.len() {
            for instance in self.classes[class].instances.clone() {
                self.offer_stop_on(instance, id, &event);
            }
            let mut latched = Vec::new();
            let hit = match self.classes[class].start_on.as_mut() {
                Some(start_on) => {
                    start_on.handle(id, &event, None, &mut |e| latched.push(e)) && start_on.value()
                }
                None => false,
            };
            self.block_all(&latched);
            if hit && !self.induct(class) {
                return;
            }
        }
    }

    fn offer_stop_on(&mut self, id: InstanceId, event_id: EventId, event: &Event) {
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        let Instance { stop_on, env, .. } = instance;
        let Some(stop_on) = stop_on.as_mut() else {
            return;
        };
        let mut latched = Vec::new();
        let fired =
            stop_on.handle(event_id, event, Some(env), &mut |e| latched.push(e)) && stop_on.value();
        self.block_all(&latched);
        if !fired {
            return;
        }
        let mut matched = Vec::new();
        if let Some(tree) = self.instance(id).and_then(|i| i.stop_on.as_ref()) {
            tree.true_events(&mut matched);
        }
        self.reset_stop_on(id);
        if self.instance(id).is_some_and(|i| i.goal != Goal::Stop) {
            let stop_env = self.matched_env(&matched, Env::default(), "UPSTART_STOP_EVENTS");
            if let Some(instance) = self.instance_mut(id) {
                instance.stop_env = Some(stop_env);
            }
            self.job_finished(id, false);
            self.hold_events(id, &matched);
            self.change_goal(id, Goal::Stop);
        }
    }

    fn reset_stop_on(&mut self, id: InstanceId) {
        let mut released = Vec::new();
        if let Some(tree) = self.instance_mut(id).and_then(|i| i.stop_on.as_mut()) {
            tree.reset(&mut |e| released.push(e));
        }
        self.unblock_all(&released);
    }

    /// Resets a class's start-on tree, releasing its latches.
    pub fn reset_start_on(&mut self, class: usize) {
        let mut released = Vec::new();
        if let Some(tree) = self.classes[class].start_on.as_mut() {
            tree.reset(&mut |e| released.push(e));
        }
        self.unblock_all(&released);
    }

    /// `base` + the env of each matched event in tree order + `KEY=names` (spec §2.5).
    pub fn matched_env(&self, matched: &[EventId], mut base: Env, key: &str) -> Env {
        let mut names: Vec<u8> = Vec::new();
        for id in matched {
            let event = &self.events[id.0];
            base.extend(&event.env);
            if !names.is_empty() {
                names.push(b' ');
            }
            names.extend_from_slice(&event.name);
        }
        let mut entry = format!("{key}=").into_bytes();
        entry.extend(names);
        base.set(&entry);
        base
    }

    /// Adds one blocker to each event.
    pub fn block_all(&mut self, ids: &[EventId]) {
        for id in ids {
            self.events[id.0].blockers += 1;
        }
    }

    /// Removes one blocker from each event.
    pub fn unblock_all(&mut self, ids: &[EventId]) {
        for id in ids {
            let event = &mut self.events[id.0];
            event.blockers = event.blockers.saturating_sub(1);
        }
    }

    /// The instance takes a hold on each event (`event_operator_events`).
    pub fn hold_events(&mut self, id: InstanceId, events: &[EventId]) {
        self.block_all(events);
        let Some(instance) = self.instances.get_mut(id.0).and_then(Option::as_mut) else {
            return;
        };
        instance
            .holding
            .extend(events.iter().map(|&e| Held::Event(e)));
        for event in events {
            self.events[event.0].held_by.push(instance.label.clone());
        }
    }

    /// `event_finished`: wakes the blocked jobs, answers emitters, queues `NAME/failed`.
    fn finish_event(&mut self, id: EventId) {
        self.events[id.0].progress = Progress::Finished;
        self.events[id.0].finished_at = Some(self.now);
        let event = &self.events[id.0];
        let name = String::from_utf8_lossy(&event.name).into_owned();
        let env = event
            .env
            .0
            .iter()
            .map(|e| String::from_utf8_lossy(e).into_owned())
            .collect();
        let failed = event.failed;
        let waiters = std::mem::take(&mut self.events[id.0].waiters);
        self.log(Record::Finished(name, env));
        for waiter in waiters {
            match waiter {
                Waiter::Job(instance) => {
                    if let Some(job) = self.instance_mut(instance) {
                        job.blocker = None;
                    }
                    self.advance(instance);
                }
                Waiter::Emit(call) => {
                    let answer = if failed {
                        Err("Event failed".to_string())
                    } else {
                        Ok(())
                    };
                    self.reply(call, answer);
                }
            }
        }
        let event = &self.events[id.0];
        if failed && !event.name.ends_with(b"/failed") {
            let mut name = event.name.clone();
            name.extend_from_slice(b"/failed");
            let env = event.env.clone();
            self.queue_event(name, env);
        }
    }
}
