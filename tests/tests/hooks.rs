//! A contract whose migrations need hooks (`compiler/tests/fixtures/hooks`): the generated
//! `OrderHooks` trait compiles once implemented, and the migrations call its hooks.

use accord::{Contract, Decimal};
use accord_tests::hooks::hooks::orders::{AnyOrder, OrderHooks, OrderV1, OrderV2};
use std::cell::Cell;

#[derive(Default)]
struct Hooks {
    calls: Cell<usize>,
}

impl OrderHooks for Hooks {
    fn cents_to_euros(&self, total_cents: i64) -> accord::Result<Decimal<18, 2>> {
        self.calls.set(self.calls.get() + 1);
        Decimal::new(total_cents as i128).ok_or_else(|| accord::Error::new("too large"))
    }

    fn euros_to_cents(&self, total: Decimal<18, 2>) -> accord::Result<i64> {
        self.calls.set(self.calls.get() + 1);
        i64::try_from(total.unscaled()).map_err(|_| accord::Error::new("too large"))
    }
}

fn v1() -> OrderV1 {
    OrderV1 {
        id: accord::uuid::Uuid::nil(),
        total_cents: 1234,
        note: "gift".into(),
    }
}

#[test]
fn hooks_are_called_both_ways() {
    let hooks = Hooks::default();
    let v2: OrderV2 = v1().to_v2_with(&hooks).unwrap();
    assert_eq!(v2.total.unscaled(), 1234);
    assert_eq!(v2.note, "gift");
    assert_eq!(hooks.calls.get(), 1);
    let back: OrderV1 = v2.to_v1_with(&hooks).unwrap();
    assert_eq!(back, v1());
    assert_eq!(hooks.calls.get(), 2);
}

#[test]
fn any_order_decodes_and_upgrades_with_hooks() {
    let hooks = Hooks::default();
    let bytes = v1().to_single_object().unwrap();
    let any = AnyOrder::decode_any(&bytes).unwrap();
    assert_eq!(any.version(), 1);
    let latest = any.clone().into_latest_with(&hooks).unwrap();
    assert_eq!(latest.total.unscaled(), 1234);
    let down = AnyOrder::V2(latest).downgrade_with(1, &hooks).unwrap();
    assert_eq!(down, any);
    assert!(AnyOrder::decode_any(&[0xc3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]).is_err());
}

#[test]
fn hook_errors_carry_the_field_path() {
    struct Failing;
    impl OrderHooks for Failing {
        fn cents_to_euros(&self, _: i64) -> accord::Result<Decimal<18, 2>> {
            Err(accord::Error::new("no rate"))
        }
        fn euros_to_cents(&self, _: Decimal<18, 2>) -> accord::Result<i64> {
            Err(accord::Error::new("no rate"))
        }
    }
    let error = v1().to_v2_with(&Failing).unwrap_err();
    assert_eq!(error.path(), "total");
    assert_eq!(error.message(), "no rate");
}
