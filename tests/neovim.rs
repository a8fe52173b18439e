//! End to end with a real editor: headless Neovim loads `editors/neovim/upstart-lint.lua`,
//! opens a job in a conf directory, and reports the diagnostics and a hover it received.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// A headless Neovim with no user configuration, if Neovim is installed.
fn neovim() -> Option<Command> {
    let found = Command::new("nvim").arg("--version").output().ok()?;
    found.status.success().then(|| {
        let mut command = Command::new("nvim");
        command.args(["--headless", "--clean", "-n", "-i", "NONE", "-u", "NONE"]);
        command
    })
}

const SCRIPT: &str = r#"
local out = vim.env.UPSTART_LINT_OUT
vim.g.upstart_lint_cmd = vim.env.UPSTART_LINT_BIN
dofile(vim.env.UPSTART_LINT_LUA).setup()
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.UPSTART_LINT_JOB))
local got = vim.wait(15000, function() return #vim.diagnostic.get(0) >= 3 end, 50)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(diagnostics, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col })
end
table.sort(diagnostics, function(a, b) return a.lnum < b.lnum end)
-- `db` in `start on started db and …` (line 5; the cursor column is in bytes).
vim.api.nvim_win_set_cursor(0, { 5, 17 })
local params = vim.lsp.util.make_position_params()
local replies = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000) or {}
local hover = ''
for _, reply in pairs(replies) do
  if reply.result then hover = reply.result.contents.value end
end
vim.fn.writefile({ vim.fn.json_encode({ waited = got, filetype = vim.bo.filetype,
  diagnostics = diagnostics, hover = hover }) }, out)
vim.cmd('qa!')
"#;

/// A scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upstart-lint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn neovim_shows_diagnostics_and_hover() {
    let Some(mut nvim) = neovim() else {
        println!("skipped: neovim not installed");
        return;
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = scratch("nvim");
    let init = dir.join("init");
    std::fs::create_dir_all(&init).expect("scratch conf dir");
    for name in ["web.conf", "db.conf", "worker.conf"] {
        std::fs::copy(
            manifest.join("tests/lsp/workspace").join(name),
            init.join(name),
        )
        .expect("copy job");
    }
    let script = dir.join("test.lua");
    std::fs::write(&script, SCRIPT).expect("script");
    let out = dir.join("out.json");
    let status = nvim
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .env("UPSTART_LINT_OUT", &out)
        .env("UPSTART_LINT_BIN", env!("CARGO_BIN_EXE_upstart-lint"))
        .env(
            "UPSTART_LINT_LUA",
            manifest.join("editors/neovim/upstart-lint.lua"),
        )
        .env("UPSTART_LINT_JOB", init.join("web.conf"))
        .status()
        .expect("neovim runs");
    assert!(status.success());
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("neovim wrote its report"))
            .expect("json report");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(report["filetype"], "upstart");
    assert_eq!(report["waited"], true, "{report}");
    assert_eq!(
        report["diagnostics"],
        serde_json::json!([
            {"code": "W0113", "lnum": 3, "col": 0, "end_col": 14},
            {"code": "W0115", "lnum": 7, "col": 7, "end_col": 12},
            {"code": "W0118", "lnum": 8, "col": 4, "end_col": 6},
        ])
    );
    let hover = report["hover"].as_str().unwrap_or_default();
    assert!(hover.starts_with("**job** `db` — database"), "{hover}");
    assert!(hover.contains("start on `runlevel [2345]`"), "{hover}");
}

/// The Vim files (`editors/vim`) are plain Vim script that Neovim runs too: detection works and
/// the plugin loads without an LSP plugin present.
#[test]
fn vim_files_detect_job_files() {
    let Some(mut nvim) = neovim() else {
        println!("skipped: neovim not installed");
        return;
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = scratch("vim");
    std::fs::create_dir_all(dir.join("init")).expect("scratch conf dir");
    let out = dir.join("filetypes");
    let source = |file: &str| {
        format!(
            "source {}",
            manifest.join("editors/vim").join(file).display()
        )
    };
    let status = nvim
        .args([
            "-c",
            &source("ftdetect/upstart.vim"),
            "-c",
            &source("plugin/upstart_lint.vim"),
        ])
        .args([
            "-c",
            &format!("edit {}", dir.join("init/web.conf").display()),
        ])
        .args(["-c", "let g:found = [&filetype]"])
        .args(["-c", &format!("edit {}", dir.join("notes.conf").display())])
        .args(["-c", "call add(g:found, &filetype)"])
        .args([
            "-c",
            &format!("call writefile(g:found, '{}')", out.display()),
        ])
        .args(["-c", "qa!"])
        .status()
        .expect("neovim runs");
    assert!(status.success());
    let found = std::fs::read_to_string(&out).expect("neovim wrote the file types");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        found, "upstart\n\n",
        "a job in init/ is upstart; another .conf is not"
    );
}
