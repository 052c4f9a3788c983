mod contracts {
    accord::include_contracts!("shop.orders");
}

use accord::Contract;
use contracts::shop::orders::{Order, OrderStatus};

fn main() {
    assert_eq!(Order::version(), 3);
    assert_eq!(OrderStatus::Paid.to_json().unwrap(), r#""PAID""#);
    assert!(contracts::find_by_fingerprint(Order::fingerprint()).is_some());
}
