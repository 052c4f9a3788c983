//! Hand-written types that derive `accord::Contract` for shop contract versions: services keep
//! their own structs (names, field types and serde attributes of their choice) and the derive
//! checks them against the contracts at compile time. `tests/tests/derive_vectors.rs` checks
//! that they write exactly the bytes of the generated types.

use accord::chrono::{DateTime, Utc};
use accord::serde::{Deserialize, Serialize};
use accord::uuid::Uuid;
use accord::{Decimal, Map};

/// `shop.common.Currency@3`, variants in Rust case, renamed by `rename_all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde", rename_all = "UPPERCASE")]
#[accord(contract = "shop.common.Currency", version = 3)]
pub enum Currency {
    /// In another order than the contract's: symbols are matched by name.
    Usd,
    Eur,
    Gbp,
    Chf,
}

/// `shop.orders.OrderStatus@2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde", rename_all = "SCREAMING_SNAKE_CASE")]
#[accord(contract = "shop.orders.OrderStatus", version = 2)]
pub enum OrderStatus {
    Placed,
    Paid,
    Shipped,
    Cancelled,
}

/// `shop.orders.OrderLine@2`; the `Sku` newtype is held as its `String`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.OrderLine", version = 2)]
pub struct OrderLine {
    pub sku: String,
    pub quantity: i32,
    pub unit_price: Decimal<12, 2>,
    pub discount: Decimal<12, 2>,
}

/// `shop.common.PostalAddress` (unversioned: no `version` needed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.PostalAddress")]
pub struct Address {
    #[serde(rename = "line1")]
    pub first_line: String,
    #[serde(rename = "line2")]
    pub second_line: Option<String>,
    pub city: String,
    pub postal_code: String,
    pub country: String,
}

/// `shop.orders.WebChannel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.WebChannel")]
pub struct WebChannel {
    pub session_id: String,
    pub user_agent: Option<String>,
}

/// `shop.orders.StoreChannel`, with camelCase Rust-side names mapped back by `rename_all`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde", rename_all = "snake_case")]
#[accord(contract = "shop.orders.StoreChannel")]
pub struct StoreChannel {
    pub store_id: i32,
    pub till: i32,
}

/// The union of `shop.orders.Order@3`'s `channel` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.Order", version = 3, field = "channel")]
pub enum Channel {
    #[serde(rename = "shop.orders.WebChannel")]
    Web(WebChannel),
    #[serde(rename = "shop.orders.StoreChannel")]
    Store(StoreChannel),
}

/// `shop.common.Sha256`, a fixed type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.Sha256")]
pub struct Digest(#[serde(with = "accord::json::As::<accord::json::Base64>")] pub [u8; 32]);

/// `shop.customers.CustomerId`, a newtype.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.customers.CustomerId")]
pub struct CustomerId(pub String);

/// `shop.orders.Order@3`, with a field of its own kept out of the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.Order", version = 3)]
pub struct Order {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub total_cents: i64,
    pub currency: Currency,
    #[serde(with = "accord::json::As::<accord::json::TimestampMillis>")]
    pub placed_at: DateTime<Utc>,
    pub lines: Vec<OrderLine>,
    pub note: Option<String>,
    pub status: OrderStatus,
    pub shipping_address: Option<Address>,
    pub tags: Map<String>,
    pub channel: Option<Channel>,
    pub receipt_digest: Option<Digest>,
    /// Local bookkeeping, not part of the contract.
    #[accord(skip)]
    #[serde(skip)]
    pub seen: u32,
}

/// `shop.orders.Order@2`: the fixed digest is absent, the currency is version 2, held inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.orders.Order", version = 2)]
pub struct OrderV2 {
    pub id: Uuid,
    pub customer_id: String,
    pub total_cents: i64,
    pub currency: CurrencyV2,
    #[serde(with = "accord::json::As::<accord::json::TimestampMillis>")]
    pub placed_at: DateTime<Utc>,
    pub lines: Vec<OrderLine>,
    pub note: Option<String>,
    pub status: OrderStatusV1,
}

/// `shop.common.Currency@2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.Currency", version = 2)]
pub enum CurrencyV2 {
    EUR,
    USD,
    GBP,
}

/// `shop.orders.OrderStatus@1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde", rename_all = "UPPERCASE")]
#[accord(contract = "shop.orders.OrderStatus", version = 1)]
pub enum OrderStatusV1 {
    Placed,
    Paid,
    Shipped,
}

/// `shop.catalog.Category`: recursion through `Box<Self>` and `Vec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.catalog.Category")]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub parent: Option<Box<Self>>,
    pub children: Vec<Category>,
}

/// `shop.common.ExactAmount`: a decimal on fixed bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.ExactAmount")]
pub struct ExactAmount(pub Decimal<34, 4>);
