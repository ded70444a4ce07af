//! A child process: fill and measure one store (encrypted or plain), reporting samples on stdout.

use super::*;

// A child: measure one store.

pub(crate) fn emit(key: &str, d: Duration) {
    println!("sample {key} {}", d.as_nanos());
}

pub(crate) fn measure(encrypted: bool, dir: &Path) {
    let clock = ManualClock::new(t0());
    let config = |kdf| DeviceConfig {
        policy: UnlockPolicy::default(),
        kdf,
        clock: Arc::new(clock.clone()),
    };
    let init = InitRequest {
        badge: BADGE.to_owned(),
        name: "Milica Jovanović".to_owned(),
        passphrase: Passphrase::new(PASS.to_owned()),
        rank: String::new(),
    };
    // The encrypted store exactly as production makes it (its wrap at the production KDF cost).
    let mut session: Session = if encrypted {
        Device::init(dir, init, config(KdfCost::DEFAULT)).expect("init encrypted")
    } else {
        Device::init_plain_for_bench(dir, init, config(KdfCost::TEST_ONLY_FAST))
            .expect("init plain")
    };
    let s = &mut session;
    let mut generator = Generator::new(0x5a57_17a0_2026);

    eprintln!("  saves: {SAVE_ITERS} × 3 operations …");
    for i in 0..SAVE_WARMUP + SAVE_ITERS {
        let content = generator.case();
        let mut edited = content.clone();
        edited
            .incident
            .narrative
            .push_str(" Oštećena je upućena na Dom zdravlja radi pregleda.");
        let (a, id) = time(|| {
            s.save_case_draft(SaveCaseDraftRequest { id: None, content })
                .expect("save new draft")
                .id
        });
        let (b, _) = time(|| {
            s.save_case_draft(SaveCaseDraftRequest {
                id: Some(id),
                content: edited,
            })
            .expect("autosave")
        });
        let (c, r) = time(|| s.record_case(id).expect("record"));
        assert_eq!(r.version, 1);
        if i >= SAVE_WARMUP {
            emit("save_new", a);
            emit("save_edit", b);
            emit("record", c);
        }
    }

    eprintln!("  filling to {CASES} recorded cases …");
    for _ in SAVE_WARMUP + SAVE_ITERS..CASES {
        let content = generator.case();
        let (d, _) = time(|| {
            let id = s
                .save_case_draft(SaveCaseDraftRequest { id: None, content })
                .expect("fill draft")
                .id;
            s.record_case(id).expect("fill record")
        });
        emit("fill", d);
    }

    eprintln!("  listing and searching …");
    // A consultation: the list's purpose once; every list and search also writes its audit entry.
    s.set_purpose(zastita_core::app::SetPurposeRequest {
        case_id: None,
        purpose: zastita_core::domain::Purpose::new(
            zastita_core::domain::PurposeCode::StationReview,
        ),
    })
    .expect("purpose");
    for (i, (label, req, expect)) in queries().into_iter().enumerate() {
        let key = format!("query{i}");
        for run in 0..LIST_WARMUP + LIST_RUNS {
            let (d, n) = time(|| s.list_cases(req.clone()).expect("list").len());
            if let Some(e) = expect {
                assert_eq!(n, e, "{label}");
            }
            if run == 0 {
                println!("count {key} {n}");
            }
            if run >= LIST_WARMUP {
                emit(&key, d);
            }
        }
    }
    session.lock().expect("lock");

    if !encrypted {
        for _ in 0..UNLOCK_RUNS {
            let (d, store) =
                time(|| zastita_core::store::bench::open_plain(dir).expect("open plain"));
            drop(store);
            emit("open", d);
        }
        return;
    }

    eprintln!("  unlock: {UNLOCK_RUNS} runs with KdfCost::DEFAULT …");
    let unlock = || UnlockRequest {
        badge: BADGE.to_owned(),
        passphrase: Passphrase::new(PASS.to_owned()),
    };
    for run in 0..1 + UNLOCK_RUNS {
        let (d, session) = time(|| {
            Device::open(dir, config(KdfCost::DEFAULT))
                .expect("open device")
                .unlock(unlock())
                .expect("unlock")
        });
        session.lock().expect("lock");
        if run >= 1 {
            emit("unlock", d);
        }
    }
    let badge = Badge::parse(BADGE).expect("badge");
    let wrapped = Keyring::load(dir)
        .expect("keyring")
        .officer(&badge)
        .expect("officer")
        .wrapped
        .clone();
    assert!(!wrapped.kdf.is_below(&KdfCost::DEFAULT));
    let pass = Passphrase::new(PASS.to_owned());
    let mut key = None;
    for _ in 0..UNLOCK_RUNS {
        let (d, k) = time(|| keys::unwrap(&wrapped, &pass, &badge).expect("unwrap"));
        emit("kdf", d);
        key = Some(k);
    }
    let key = key.expect("a key");
    for _ in 0..UNLOCK_RUNS {
        let (d, store) = time(|| Store::open(dir, &key).expect("open store"));
        drop(store);
        emit("open", d);
    }
}
