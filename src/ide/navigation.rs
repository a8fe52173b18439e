//! Go to definition, find references and rename: a job's name, an event, a variable.

use std::path::{Path, PathBuf};

use rowan::TextRange;

use super::cursor::{Target, target_at, variable_references};
use super::symbols::{env_definitions, event_emitters, event_references, job_references};
use super::{FileEntry, World};
use crate::check::Edit;
use crate::syntax::SyntaxKind;

/// A place in a file of the world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// The range.
    pub range: TextRange,
}

impl Location {
    fn new(path: &Path, range: TextRange) -> Self {
        Location {
            path: path.to_path_buf(),
            range,
        }
    }
}

fn target(world: &World, path: &Path, offset: usize) -> Option<Target> {
    target_at(&world.file(path)?.analysis.tree.root, offset)
}

/// Where the thing at `offset` is defined: a job's file, the jobs that emit an event, the `env`
/// that sets a variable.
pub fn definition(world: &World, path: &Path, offset: usize) -> Vec<Location> {
    match target(world, path, offset) {
        Some(Target::Job { name, .. }) => world
            .job(name.as_bytes())
            .map(|(job_path, _)| Location::new(job_path, TextRange::default()))
            .into_iter()
            .collect(),
        Some(Target::Event { name, .. }) => event_emitters(world, &name)
            .map(|(_, emitter, range)| Location::new(emitter, range))
            .collect(),
        Some(Target::Variable { name, .. }) => world
            .file(path)
            .map(|file| {
                env_definitions(file, &name)
                    .map(|(range, _)| Location::new(path, range))
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Every use of the job, event or variable at `offset`; declarations (`emits`, `env`) included
/// when `include_declaration` is set.
pub fn references(
    world: &World,
    path: &Path,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let into_locations = |found: Vec<(PathBuf, TextRange)>| {
        found
            .into_iter()
            .map(|(path, range)| Location { path, range })
            .collect::<Vec<_>>()
    };
    match target(world, path, offset) {
        Some(Target::Job { name, .. }) => into_locations(job_references(world, &name)),
        Some(Target::Event { name, .. }) => {
            let mut found = into_locations(event_references(world, &name));
            if include_declaration {
                found.extend(
                    event_emitters(world, &name)
                        .map(|(_, emitter, range)| Location::new(emitter, range)),
                );
            }
            found
        }
        Some(Target::Variable { name, .. }) => {
            let Some(file) = world.file(path) else {
                return Vec::new();
            };
            let mut found: Vec<Location> = Vec::new();
            if include_declaration {
                found.extend(env_definitions(file, &name).map(|(r, _)| Location::new(path, r)));
            }
            found.extend(variable_uses(file, &name).map(|range| Location::new(path, range)));
            found
        }
        _ => Vec::new(),
    }
}

/// The ranges of `$NAME` / `${NAME}` outside comments.
fn variable_uses<'a>(file: &'a FileEntry, name: &'a str) -> impl Iterator<Item = TextRange> + 'a {
    file.analysis
        .tree
        .root
        .descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| token.kind() != SyntaxKind::COMMENT)
        .flat_map(move |token| {
            let base = usize::from(token.text_range().start());
            variable_references(token.text())
                .filter(|(used, _)| *used == name)
                .filter_map(|(_, range)| {
                    Some(TextRange::new(
                        (base + range.start).try_into().ok()?,
                        (base + range.end).try_into().ok()?,
                    ))
                })
                .collect::<Vec<_>>()
        })
}

/// The job name at `offset` that can be renamed, and its range.
pub fn prepare_rename(world: &World, path: &Path, offset: usize) -> Option<(TextRange, String)> {
    match target(world, path, offset)? {
        Target::Job { name, range } if world.job(name.as_bytes()).is_some() => Some((range, name)),
        _ => None,
    }
}

/// What renaming a job changes: text edits per file, and files to move.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rename {
    /// Edits, grouped by file.
    pub edits: Vec<(PathBuf, Vec<Edit>)>,
    /// `(from, to)` file moves: the job's `.conf` and its `.override`.
    pub moves: Vec<(PathBuf, PathBuf)>,
}

/// Renames the job at `offset` to `new_name`: every reference, its file and its override.
pub fn rename(world: &World, path: &Path, offset: usize, new_name: &str) -> Result<Rename, String> {
    let (_, old_name) = prepare_rename(world, path, offset)
        .ok_or_else(|| "only a job name after a job event can be renamed".to_string())?;
    if new_name.is_empty()
        || new_name.starts_with('/')
        || new_name
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b"\"'#()=$\\".contains(&b))
    {
        return Err(format!(
            "`{new_name}` is not a job name that can be written unquoted"
        ));
    }
    if world.job(new_name.as_bytes()).is_some() {
        return Err(format!("a job called `{new_name}` already exists"));
    }
    let mut rename = Rename::default();
    for (file, range) in job_references(world, &old_name) {
        let edit = Edit {
            range,
            replacement: new_name.to_string(),
        };
        match rename.edits.iter_mut().find(|(p, _)| *p == file) {
            Some((_, edits)) => edits.push(edit),
            None => rename.edits.push((file, vec![edit])),
        }
    }
    if let Some((conf, _)) = world.job(old_name.as_bytes()) {
        let conf = conf.to_string_lossy();
        if let Some(stem) = conf.strip_suffix(&format!("{old_name}.conf")) {
            for suffix in [".conf", ".override"] {
                let from = PathBuf::from(format!("{stem}{old_name}{suffix}"));
                if world.file(&from).is_some() {
                    rename
                        .moves
                        .push((from, PathBuf::from(format!("{stem}{new_name}{suffix}"))));
                }
            }
        }
    }
    Ok(rename)
}
