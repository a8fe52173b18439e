//! Where init reads jobs from, in priority order (spec §4.1).

use std::path::{Path, PathBuf};

/// The job directories of a system init: `--confdir` directories if any, else
/// `$UPSTART_CONFDIR`, else `/etc/init`.
///
/// `/etc/init.conf` is a source of its own in a real system, but it can hold no stanza, so it
/// defines no job and is left out.
pub fn system_dirs(confdirs: &[PathBuf], upstart_confdir: Option<&Path>) -> Vec<PathBuf> {
    if !confdirs.is_empty() {
        return confdirs.to_vec();
    }
    vec![upstart_confdir.map_or_else(|| PathBuf::from("/etc/init"), Path::to_path_buf)]
}

/// What a session init's search path depends on.
#[derive(Debug, Clone, Default)]
pub struct SessionEnv {
    /// `$HOME`.
    pub home: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`.
    pub xdg_config_home: Option<PathBuf>,
    /// `$XDG_CONFIG_DIRS`, colon-separated.
    pub xdg_config_dirs: Option<String>,
    /// Whether `$UPSTART_NO_SYSTEM_USERCONFDIR` is set.
    pub no_system_userconfdir: bool,
}

impl SessionEnv {
    /// Reads the variables from the process environment.
    pub fn from_process() -> Self {
        SessionEnv {
            home: std::env::var_os("HOME").map(PathBuf::from),
            xdg_config_home: std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from),
            xdg_config_dirs: std::env::var("XDG_CONFIG_DIRS").ok(),
            no_system_userconfdir: std::env::var_os("UPSTART_NO_SYSTEM_USERCONFDIR").is_some(),
        }
    }
}

/// The job directories of a session init (`init --user`), highest priority first
/// (`xdg.c:246-320`); `--confdir` replaces the whole list.
pub fn session_dirs(confdirs: &[PathBuf], env: &SessionEnv) -> Vec<PathBuf> {
    if !confdirs.is_empty() {
        return confdirs.to_vec();
    }
    let mut dirs = Vec::new();
    let config_home = env
        .xdg_config_home
        .clone()
        .filter(|p| p.is_absolute())
        .or_else(|| env.home.as_ref().map(|h| h.join(".config")));
    if let Some(config_home) = config_home {
        dirs.push(config_home.join("upstart"));
    }
    if let Some(home) = &env.home {
        dirs.push(home.join(".init"));
    }
    let config_dirs = env.xdg_config_dirs.as_deref().unwrap_or("/etc/xdg");
    dirs.extend(
        config_dirs
            .split(':')
            .map(Path::new)
            .filter(|d| d.is_absolute())
            .map(|d| d.join("upstart")),
    );
    if !env.no_system_userconfdir {
        dirs.push(PathBuf::from("/usr/share/upstart/sessions"));
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_search_order() {
        let env = SessionEnv {
            home: Some("/home/u".into()),
            xdg_config_home: None,
            xdg_config_dirs: Some("/a:relative:/b".into()),
            no_system_userconfdir: false,
        };
        let dirs = session_dirs(&[], &env);
        let expected: Vec<PathBuf> = [
            "/home/u/.config/upstart",
            "/home/u/.init",
            "/a/upstart",
            "/b/upstart",
            "/usr/share/upstart/sessions",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(dirs, expected);
        assert_eq!(
            session_dirs(&["/x".into()], &env),
            vec![PathBuf::from("/x")]
        );
    }

    #[test]
    fn system_default_is_etc_init() {
        assert_eq!(system_dirs(&[], None), vec![PathBuf::from("/etc/init")]);
        assert_eq!(
            system_dirs(&[], Some(Path::new("/c"))),
            vec![PathBuf::from("/c")]
        );
    }
}
