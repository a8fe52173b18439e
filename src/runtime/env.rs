//! Environment lists as Upstart keeps them (`environ.c`): ordered `KEY=VALUE` entries.

use crate::model::Bytes;

/// An ordered list of `KEY=VALUE` entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env(pub Vec<Bytes>);

/// The key of an entry: everything before the first `=`.
pub fn key_of(entry: &[u8]) -> &[u8] {
    entry.split(|&b| b == b'=').next().unwrap_or(entry)
}

impl Env {
    /// `environ_set` semantics: an existing key keeps its place and takes the new value.
    pub fn set(&mut self, entry: &[u8]) {
        let key = key_of(entry);
        match self.0.iter_mut().find(|e| key_of(e) == key) {
            Some(existing) => *existing = entry.to_vec(),
            None => self.0.push(entry.to_vec()),
        }
    }

    /// Sets every entry of `other`, in order.
    pub fn extend(&mut self, other: &Env) {
        for entry in &other.0 {
            self.set(entry);
        }
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &[u8]) -> Option<&[u8]> {
        self.0.iter().find_map(|e| {
            let k = key_of(e);
            (k == key && e.len() > k.len()).then(|| &e[k.len() + 1..])
        })
    }
}

/// `environ_expand`: `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`,
/// `${VAR+word}`. An unset variable without a default is an error naming it.
pub fn expand(text: &[u8], env: Option<&Env>) -> Result<Bytes, Bytes> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'$' {
            out.push(text[i]);
            i += 1;
            continue;
        }
        if text.get(i + 1) == Some(&b'{') {
            let Some(close) = text[i + 2..].iter().position(|&b| b == b'}') else {
                return Err(text[i..].to_vec());
            };
            let inner = &text[i + 2..i + 2 + close];
            out.extend(expand_braced(inner, env)?);
            i += close + 3;
            continue;
        }
        let name_len = text[i + 1..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or(text.len() - i - 1);
        if name_len == 0 {
            out.push(b'$');
            i += 1;
            continue;
        }
        let name = &text[i + 1..i + 1 + name_len];
        out.extend(lookup(name, env).ok_or_else(|| name.to_vec())?);
        i += 1 + name_len;
    }
    Ok(out)
}

fn lookup<'a>(name: &[u8], env: Option<&'a Env>) -> Option<&'a [u8]> {
    env.and_then(|env| env.get(name))
}

fn expand_braced(inner: &[u8], env: Option<&Env>) -> Result<Bytes, Bytes> {
    let name_len = inner
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(inner.len());
    let (name, rest) = inner.split_at(name_len);
    let value = lookup(name, env);
    let (colon, rest) = match rest.strip_prefix(b":") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let usable = value.is_some_and(|v| !colon || !v.is_empty());
    match rest.split_first() {
        None => value.map(<[u8]>::to_vec).ok_or_else(|| name.to_vec()),
        Some((b'-', _)) if usable => Ok(value.unwrap_or_default().to_vec()),
        Some((b'-', word)) => expand(word, env),
        Some((b'+', word)) if usable => expand(word, env),
        Some((b'+', _)) => Ok(Vec::new()),
        Some(_) => Err(name.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_in_place() {
        let mut env = Env(vec![b"A=1".to_vec(), b"B=2".to_vec()]);
        env.set(b"A=3");
        env.set(b"C=4");
        assert_eq!(env.0, [b"A=3".to_vec(), b"B=2".to_vec(), b"C=4".to_vec()]);
    }

    #[test]
    fn expansion_forms() {
        let env = Env(vec![b"N=1".to_vec(), b"E=".to_vec()]);
        assert_eq!(expand(b"x$N-${N}", Some(&env)), Ok(b"x1-1".to_vec()));
        assert_eq!(expand(b"${M:-d}", Some(&env)), Ok(b"d".to_vec()));
        assert_eq!(expand(b"${E:-d}${E-z}", Some(&env)), Ok(b"d".to_vec()));
        assert_eq!(expand(b"$M", Some(&env)), Err(b"M".to_vec()));
        assert_eq!(expand(b"$X", None), Err(b"X".to_vec()));
    }
}
