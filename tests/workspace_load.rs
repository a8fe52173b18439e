//! Loading several conf directories as init does: names, shadowing, overrides, skipped files,
//! and re-analysis of one edited file. Expected output in `tests/workspaces/load.expected`
//! (`UPDATE_EXPECT=1` rewrites it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use upstart_lint::initctl;
use upstart_lint::workspace::Workspace;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspaces/load")
}

fn describe(workspace: &Workspace) -> String {
    let root = root();
    let relative = |p: &Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
    let mut out = String::from("== jobs (load order)\n");
    for job in workspace.jobs() {
        let _ = writeln!(
            out,
            "{} from {}{}",
            String::from_utf8_lossy(job.name()),
            relative(&job.conf),
            job.override_file
                .as_deref()
                .map_or(String::new(), |o| format!(" + {}", relative(o)))
        );
    }
    out.push_str("== skipped\n");
    for skipped in workspace.skipped() {
        let prefix = format!("{}/", root.display());
        let reason = skipped.reason.replace(&prefix, "");
        let _ = writeln!(out, "{}: {reason}", relative(&skipped.path));
    }
    out.push_str("== show-config\n");
    let jobs = workspace.jobs_in_init_order();
    out.push_str(&String::from_utf8_lossy(&initctl::show_config(
        jobs.iter().map(|j| &j.job),
        false,
    )));
    out
}

#[test]
fn loads_like_init() {
    let workspace = Workspace::load(&[root().join("high"), root().join("low")]);
    let actual = describe(&workspace);
    let expected_path = root().with_extension("expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    assert_eq!(
        actual,
        std::fs::read_to_string(expected_path).unwrap_or_default()
    );
}

#[test]
fn an_edit_reanalyses_one_file() {
    let mut workspace = Workspace::load(&[root().join("high"), root().join("low")]);
    let db = root().join("low/db.conf");
    let apache_before = workspace.job(b"net/apache").unwrap().job.clone();
    let apache = root().join("low/net/apache.conf");
    let text_of = |w: &Workspace, p: &Path| w.file(p).unwrap().analysis.source.text.as_ptr();
    let apache_text = text_of(&workspace, &apache);
    assert!(workspace.update_file(&db, b"start on started apache\nexec /bin/db\n"));
    // The other files keep their analysis: the very same decoded text, not a re-analysis.
    assert_eq!(text_of(&workspace, &apache), apache_text);
    assert_eq!(
        workspace.file(&db).unwrap().analysis.source.text,
        "start on started apache\nexec /bin/db\n"
    );
    // The override `high/db.override` (`manual`) still applies to the edited job.
    let job = &workspace.job(b"db").unwrap().job;
    assert_eq!(job.start_on, None);
    assert!(job.manual);
    assert_eq!(workspace.job(b"net/apache").unwrap().job, apache_before);
    // A file that becomes loadable appears; one that breaks disappears.
    assert!(workspace.update_file(&root().join("low/broken.conf"), b"exec /bin/x\n"));
    assert!(workspace.job(b"broken").is_some());
    assert!(workspace.update_file(&root().join("high/web.conf"), b"bogus\n"));
    assert_eq!(
        workspace.job(b"web").unwrap().conf,
        root().join("low/web.conf")
    );
    assert!(!workspace.update_file(Path::new("/elsewhere/x.conf"), b""));
    assert!(workspace.remove_file(&db));
    assert!(workspace.job(b"db").is_none());
}
