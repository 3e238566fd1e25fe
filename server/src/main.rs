//! `resellerdesk`: serve the app, migrate the database, load demo data, create an admin.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use leptos::prelude::LeptosOptions;
#[cfg(feature = "bench")]
use server::bench;
use server::config::Config;
#[cfg(feature = "demo")]
use server::demo;
use server::{accounts, app_state, connect_and_migrate, http, mail};
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

/// mimalloc serves Rust's allocations. Rendering a page allocates and frees many small strings
/// on every tokio worker at once; glibc's malloc spent a quarter of the server's CPU there
/// (arena locks, consolidation) and kept up to 133 MB resident under the clients benchmark,
/// against about 75 MB with mimalloc. SQLite keeps the system malloc for its own memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "resellerdesk", version, about = "ResellerDesk: the reseller center for hosting companies")]
struct Cli {
    /// Configuration file (TOML). Default: ./resellerdesk.toml when it exists.
    #[arg(long, global = true, env = "APP_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the app (the default).
    Serve {
        /// Load the demo data first when the database is empty (builds with the `demo` feature).
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the demo data into an empty database (builds with the `demo` feature).
    SeedDemo,
    /// Create a provider admin; the password is read from the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Benchmark (scripts/bench.sh): fill an empty database with the benchmark's clients.
    #[cfg(feature = "bench")]
    BenchSeed {
        /// Clients of the reseller the benchmark signs in as (bench@example.com).
        #[arg(long, default_value_t = 100_000)]
        clients_per_reseller: u64,
        /// Clients of all resellers together.
        #[arg(long, default_value_t = 1_000_000)]
        total: u64,
    },
    /// Benchmark: the clients list's query plans and in-process timings.
    #[cfg(feature = "bench")]
    BenchPlans {
        #[arg(long, default_value_t = 3000)]
        deep_page: u64,
        #[arg(long, default_value = "whitfield")]
        search: String,
    },
    /// Benchmark: a bare axum server answering GET / with a page of the given size, the ceiling.
    #[cfg(feature = "bench")]
    BenchCeiling {
        #[arg(long)]
        bind: std::net::SocketAddr,
        #[arg(long)]
        bytes: usize,
    },
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref(), |key| std::env::var(key).ok())?;
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log_filter).context("parsing the log filter")?)
        .init();

    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(config, demo).await,
        Command::Migrate => {
            connect_and_migrate(&config).await?;
            tracing::info!("database is up to date");
            Ok(())
        }
        Command::SeedDemo => {
            let db = connect_and_migrate(&config).await?;
            if load_demo(&db).await? {
                print_demo_logins(&config);
            } else {
                println!("The database already has data; demo data was not loaded.");
            }
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let db = connect_and_migrate(&config).await?;
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password).context("reading the password from standard input")?;
            let id = accounts::create_admin(&db, &email, &name, password.trim_end_matches(['\r', '\n'])).await?;
            println!("Created admin #{id} <{email}>.");
            Ok(())
        }
        #[cfg(feature = "bench")]
        Command::BenchSeed { clients_per_reseller, total } => {
            let db = connect_and_migrate(&config).await?;
            let plan = bench::SeedPlan { clients_per_reseller, total_clients: total };
            let report = bench::seed(&db, &plan).await?;
            println!(
                "Seeded {} clients of {} resellers ({} services, {} invoices) in {:.1} s; sign in as {} / {}.",
                report.clients,
                report.resellers,
                report.services,
                report.invoices,
                report.elapsed.as_secs_f64(),
                bench::BENCH_RESELLER.0,
                bench::BENCH_RESELLER.1
            );
            if let Some(target) = report.order_target {
                // Read by scripts/bench.sh for the place-order load.
                println!(
                    "order-target client={} product={} addon={}",
                    target.client_id, target.product_id, target.addon_id
                );
            }
            Ok(())
        }
        #[cfg(feature = "bench")]
        Command::BenchPlans { deep_page, search } => {
            let db = connect_and_migrate(&config).await?;
            bench::print_plans(&db, deep_page, &search).await
        }
        #[cfg(feature = "bench")]
        Command::BenchCeiling { bind, bytes } => bench::serve_ceiling(bind, bytes).await,
    }
}

async fn serve(config: Config, demo: bool) -> Result<()> {
    let db = connect_and_migrate(&config).await?;
    if demo && load_demo(&db).await? {
        tracing::info!("loaded the demo data");
    }
    let state = app_state(db.clone(), &config)?;
    let leptos = leptos_options(&config)?;

    let purge_db = db.clone();
    let auth = state.auth.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            match app::auth::service::purge_expired(&purge_db, now, &auth).await {
                Ok(n) if n > 0 => tracing::info!(sessions = n, "purged expired sessions"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "purging expired sessions failed"),
            }
        }
    });

    let mailer = mail::Mailer::from_config(&config)?;
    tracing::info!(to = %mailer.describe(), "delivering emails");
    tokio::spawn(mail::run(db.clone(), mailer));

    let settings =
        http::HttpSettings { body_limit_bytes: config.body_limit_bytes, public_origin: config.public_origin() };
    let router = http::router(leptos, state, settings);
    let listener =
        tokio::net::TcpListener::bind(config.bind).await.with_context(|| format!("binding {}", config.bind))?;
    tracing::info!(address = %config.bind, "serving");
    println!("ResellerDesk is running at {}", config.public_url);
    if demo {
        print_demo_logins(&config);
    }
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")?;
    db.close().await.ok();
    tracing::info!("stopped");
    Ok(())
}

/// Leptos's own settings (site folder, output name) from cargo-leptos's environment, with this
/// binary's defaults so it also runs outside `cargo leptos`.
fn leptos_options(config: &Config) -> Result<LeptosOptions> {
    let mut options =
        leptos::config::get_configuration(None).context("reading the Leptos configuration")?.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "resellerdesk".into();
    }
    if std::env::var_os("LEPTOS_ENV").is_none() {
        options.env = leptos::config::Env::PROD;
    }
    // The build names its files by their hashes and lists the hashes beside this binary
    // (`scripts/build.sh`, or cargo-leptos with `hash-files`): pages then link those names.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
            .is_some_and(|hashes| hashes.is_file());
    }
    options.site_addr = config.bind;
    Ok(options)
}

/// Loads the demo data into an empty database; `false` when it has data already.
#[cfg(feature = "demo")]
async fn load_demo(db: &sea_orm::DatabaseConnection) -> Result<bool> {
    demo::seed_demo(db).await
}

/// A production build carries no demo data.
#[cfg(not(feature = "demo"))]
async fn load_demo(_db: &sea_orm::DatabaseConnection) -> Result<bool> {
    anyhow::bail!("this build has no demo data: build the server with `--features demo`")
}

#[cfg(not(feature = "demo"))]
fn print_demo_logins(_config: &Config) {}

#[cfg(feature = "demo")]
fn print_demo_logins(config: &Config) {
    let base = &config.public_url;
    println!("Demo sign-ins:");
    println!("  Provider admin   {base}/admin/login     {} / {}", demo::DEMO_ADMIN.0, demo::DEMO_ADMIN.1);
    println!("  Reseller (fa)    {base}/reseller/login  {} / {}", demo::DEMO_RESELLER_FA.0, demo::DEMO_RESELLER_FA.1);
    println!("  Reseller (en)    {base}/reseller/login  {} / {}", demo::DEMO_RESELLER_EN.0, demo::DEMO_RESELLER_EN.1);
    println!(
        "  Client portal    {base}/portal/parsweb/login  sara.ahmadi@example.com / {}",
        demo::DEMO_CLIENT_PASSWORD
    );
    println!(
        "  Client portal    {base}/portal/northhost/login  emma.johnson@example.com / {}",
        demo::DEMO_CLIENT_PASSWORD
    );
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
