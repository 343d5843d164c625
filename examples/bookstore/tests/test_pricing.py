from bookstore.pricing import order_total


def test_single_copy_costs_the_list_price():
    assert order_total(999, 1) == 999


def test_ten_copies_get_the_bulk_discount():
    assert order_total(1299, 10) == 11691
