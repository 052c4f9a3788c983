mod contracts {
    accord::include_contracts!("shop.ordres", root = 1);
}

mod more {
    accord::include_contracts!("shop.ordres");
}

fn main() {}
