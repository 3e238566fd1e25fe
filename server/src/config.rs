//! Layered configuration: built-in defaults, then a TOML file, then environment variables.
//! Connection strings can carry passwords, so they are secrets that never reach a log.

use anyhow::{Context, Result, bail};
use secrecy::SecretString;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The configuration file read when `--config` / `APP_CONFIG` names none and it exists.
pub const DEFAULT_CONFIG_FILE: &str = "resellerdesk.toml";

#[derive(Debug)]
pub struct Config {
    pub bind: SocketAddr,
    /// Where the SQLite database, mail files and other data live.
    pub data_dir: PathBuf,
    pub database_url: SecretString,
    /// `None`: emails are written as files under `data_dir/mail`.
    pub smtp_url: Option<SecretString>,
    /// The address emails are sent from, with each reseller's brand as the display name (their
    /// support address goes in Reply-To), so the provider's mail domain signs them.
    pub mail_from: String,
    /// The address users reach the server at; `https://` makes cookies `Secure`.
    pub public_url: String,
    pub log_filter: String,
    /// Trust the last `X-Forwarded-For` hop (only behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    pub body_limit_bytes: usize,
    /// Staff (admin, reseller, Login as client) sessions end after this many minutes unused.
    pub staff_idle_minutes: u32,
}

/// The file layer: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayer {
    bind: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    database_url: Option<SecretString>,
    smtp_url: Option<SecretString>,
    mail_from: Option<String>,
    public_url: Option<String>,
    log: Option<String>,
    trust_forwarded_for: Option<bool>,
    body_limit_bytes: Option<usize>,
    staff_idle_minutes: Option<u32>,
}

impl Config {
    /// Loads the layers. `file` is an explicit path (which must exist); without one the default
    /// file is read if present. `env` looks variables up (the process environment in `main`).
    pub fn load(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let file_layer = match file {
            Some(path) => read_file(path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => read_file(Path::new(DEFAULT_CONFIG_FILE))?,
            None => FileLayer::default(),
        };

        let bind = match env("APP_BIND") {
            Some(v) => v.parse().with_context(|| format!("APP_BIND is not an address: {v}"))?,
            None => file_layer.bind.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
        };
        let data_dir =
            env("APP_DATA_DIR").map(PathBuf::from).or(file_layer.data_dir).unwrap_or_else(|| PathBuf::from("data"));
        let database_url =
            env("DATABASE_URL").map(SecretString::from).or(file_layer.database_url).unwrap_or_else(|| {
                SecretString::from(format!("sqlite://{}?mode=rwc", data_dir.join("resellerdesk.db").display()))
            });
        let smtp_url = env("SMTP_URL").filter(|v| !v.is_empty()).map(SecretString::from).or(file_layer.smtp_url);
        let mail_from =
            env("APP_MAIL_FROM").or(file_layer.mail_from).unwrap_or_else(|| crate::mail::DEFAULT_SENDER.to_owned());
        let public_url = env("APP_PUBLIC_URL").or(file_layer.public_url).unwrap_or_else(|| format!("http://{bind}"));
        let log_filter = env("RUST_LOG")
            .or_else(|| env("APP_LOG"))
            .or(file_layer.log)
            .unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn,tower_http=info".to_owned());
        let trust_forwarded_for = match env("APP_TRUST_FORWARDED_FOR") {
            Some(v) => parse_bool("APP_TRUST_FORWARDED_FOR", &v)?,
            None => file_layer.trust_forwarded_for.unwrap_or(false),
        };
        let body_limit_bytes = match env("APP_BODY_LIMIT_BYTES") {
            Some(v) => v.parse().with_context(|| format!("APP_BODY_LIMIT_BYTES is not a number: {v}"))?,
            None => file_layer.body_limit_bytes.unwrap_or(1024 * 1024),
        };
        let staff_idle_minutes = match env("APP_STAFF_IDLE_MINUTES") {
            Some(v) => v.parse().with_context(|| format!("APP_STAFF_IDLE_MINUTES is not a number of minutes: {v}"))?,
            None => file_layer.staff_idle_minutes.unwrap_or(30),
        };
        if !(1..=24 * 60).contains(&staff_idle_minutes) {
            bail!("the staff idle timeout must be between 1 and 1440 minutes, not {staff_idle_minutes}");
        }
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("the public URL must start with http:// or https://: {public_url}");
        }
        Ok(Self {
            bind,
            data_dir,
            database_url,
            smtp_url,
            mail_from,
            public_url,
            log_filter,
            trust_forwarded_for,
            body_limit_bytes,
            staff_idle_minutes,
        })
    }

    /// `scheme://host[:port]` of the public URL.
    pub fn public_origin(&self) -> String {
        let (scheme, rest) = self.public_url.split_once("://").unwrap_or(("http", &self.public_url));
        let authority = rest.split('/').next().unwrap_or_default();
        format!("{scheme}://{authority}")
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

fn read_file(path: &Path) -> Result<FileLayer> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading the configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing the configuration file {}", path.display()))
}

fn parse_bool(name: &str, value: &str) -> Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("{name} must be true or false, not {value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |key| map.get(key).cloned()
    }

    #[test]
    fn defaults_give_an_embedded_sqlite_database() {
        let dir = std::env::temp_dir().join("rd-config-defaults");
        std::fs::create_dir_all(&dir).unwrap();
        let config = Config::load(Some(&write(&dir, "empty.toml", "")), env_of(&[])).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url.expose_secret(), "sqlite://data/resellerdesk.db?mode=rwc");
        assert!(config.smtp_url.is_none());
        assert!(!config.secure_cookies());
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        let dir = std::env::temp_dir().join("rd-config-layers");
        std::fs::create_dir_all(&dir).unwrap();
        let file = write(
            &dir,
            "layers.toml",
            "bind = \"0.0.0.0:8080\"\ndatabase_url = \"postgres://file\"\npublic_url = \"https://panel.example.com\"\n",
        );
        let config = Config::load(Some(&file), env_of(&[("DATABASE_URL", "postgres://env")])).unwrap();
        assert_eq!(config.bind.to_string(), "0.0.0.0:8080");
        assert_eq!(config.database_url.expose_secret(), "postgres://env");
        assert!(config.secure_cookies());
        assert_eq!(config.public_origin(), "https://panel.example.com");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let dir = std::env::temp_dir().join("rd-config-secrets");
        std::fs::create_dir_all(&dir).unwrap();
        let config = Config::load(
            Some(&write(&dir, "s.toml", "")),
            env_of(&[("DATABASE_URL", "postgres://u:hunter2@db/x"), ("SMTP_URL", "smtp://u:hunter3@mail")]),
        )
        .unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2") && !printed.contains("hunter3"), "{printed}");
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let dir = std::env::temp_dir().join("rd-config-bad");
        std::fs::create_dir_all(&dir).unwrap();
        let file = write(&dir, "b.toml", "");
        let error = Config::load(Some(&file), env_of(&[("APP_BIND", "nowhere")])).unwrap_err();
        assert!(error.to_string().contains("APP_BIND"));
        let error = Config::load(Some(&write(&dir, "u.toml", "colour = 1\n")), env_of(&[])).unwrap_err();
        assert!(format!("{error:#}").contains("colour"));
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}
