use accord::serde::{Deserialize, Serialize};
#[derive(Debug, Serialize, Deserialize, accord::Contract)]
#[serde(crate = "accord::serde")]
#[serde(rename_all = "camelCase")]
#[accord(contract = "shop.orders.StoreChannel")]
struct Store {
    #[serde(rename = "store_id")]
    id: i32,
    #[accord(skip, default = "Store::local")]
    #[serde(skip)]
    cache: Vec<u8>,
    till: i32,
}

impl Store {
    fn local() -> Vec<u8> {
        vec![1]
    }
}

fn main() {
    use accord::Contract;
    let store = Store::from_avro_datum(&[2, 4]).unwrap();
    assert_eq!((store.id, store.till, store.cache.clone()), (1, 2, vec![1]));
    assert_eq!(store.to_json().unwrap(), r#"{"store_id":1,"till":2}"#);
}
