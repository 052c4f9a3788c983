use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.Sha256")]
struct Digest(#[serde(with = "accord::json::As::<accord::json::Base64>")] [u8; 16]);
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[accord(contract = "shop.common.TraceId")]
struct TraceId(i64);

fn main() {}
