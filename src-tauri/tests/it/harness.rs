//! `TestApp`: the app's command layer on tauri's mock runtime over a real store in a temp dir,
//! with a manual clock and a fast KDF.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};
use std::sync::Arc;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use tempfile::TempDir;

use zastita_app::AppState;
use zastita_core::app::DeviceConfig;
use zastita_core::clock::ManualClock;
use zastita_core::keys::KdfCost;

pub const BADGE: &str = "NS1234";
pub const PASS: &str = "Zelena livada 7";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 21, 30, 0).unwrap()
}

pub struct TestApp {
    pub dir: TempDir,
    pub clock: ManualClock,
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl TestApp {
    /// The app on a new, empty store directory (the first run).
    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        Self::on(dir, ManualClock::new(t0()))
    }

    /// The app started again on the same store (a restart).
    pub fn restart(self) -> TestApp {
        let TestApp { dir, clock, .. } = self;
        Self::on(dir, clock)
    }

    fn on(dir: TempDir, clock: ManualClock) -> TestApp {
        let config = DeviceConfig {
            kdf: KdfCost::TEST_ONLY_FAST,
            clock: Arc::new(clock.clone()),
            ..DeviceConfig::default()
        };
        let state = AppState::new(dir.path().join("store"), config);
        let app = zastita_app::builder(mock_builder())
            .manage(state)
            // The real config and capabilities: a command missing from them fails here too.
            .build(tauri::generate_context!(test = true))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        TestApp {
            dir,
            clock,
            _app: app,
            window,
        }
    }

    /// Invoke a command as the UI does; `Err` holds the error object the UI would receive.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The error code a command is refused with.
    pub fn refused(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} unexpectedly succeeded: {v}"),
            Err(e) => e,
        }
    }

    /// Create the store with the standard first officer.
    pub fn first_run(&self) -> Value {
        self.ok(
            "init_store",
            json!({"req": {"badge": BADGE, "name": "Milan Jovanović", "passphrase": PASS, "rank": "policijski narednik"}}),
        )
    }

    pub fn unlock(&self) -> Value {
        self.ok("unlock", unlock_args(PASS))
    }

    /// Answer the purpose question for a case (`None`: the case list) with "follow-up".
    pub fn purpose(&self, case_id: Option<&Value>) {
        self.ok(
            "set_purpose",
            json!({"req": {"case_id": case_id, "purpose": {"code": "follow_up"}}}),
        );
    }

    /// A complete, recordable case content: a victim, a perpetrator (her husband) and the incident.
    pub fn complete_content(&self) -> Value {
        let mut victim = self.ok("new_person", json!({"role": "victim"}));
        victim["given_name"] = json!("Jelena");
        victim["family_name"] = json!("Petrović");
        let mut perp = self.ok("new_person", json!({"role": "perpetrator"}));
        perp["given_name"] = json!("Marko");
        perp["family_name"] = json!("Petrović");
        perp["relationship_to_victim"] = json!("spouse");
        json!({
            "incident": {
                "reported_at": (t0() - chrono::Duration::minutes(40)).to_rfc3339(),
                "police_arrived_at": (t0() - chrono::Duration::minutes(20)).to_rfc3339(),
                "address": "Bulevar oslobođenja 12, stan 4",
                "municipality": "Novi Sad",
                "reported_by": {"kind": "neighbour", "name": "Ana Kovač", "phone": ""},
                "forms_of_violence": ["physical"],
                "weapons_present": false,
                "children_present": false,
                "narrative": "Po dolasku zatečena je oštećena."
            },
            "people": [victim, perp]
        })
    }
}

pub fn signature() -> Value {
    let points: Vec<Value> = (0..40)
        .map(
            |i| json!({"x": 10.0 + f64::from(i) * 3.5, "y": 100.0 + f64::from(i % 7), "t": i * 16}),
        )
        .collect();
    json!({"width": 600, "height": 200, "strokes": [points]})
}

/// The `unlock` arguments for the standard officer with `passphrase`.
pub fn unlock_args(passphrase: &str) -> Value {
    json!({"req": {"badge": BADGE, "passphrase": passphrase}})
}
