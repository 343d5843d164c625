"""Order prices, in cents."""

BULK_QUANTITY = 10
BULK_DISCOUNT_PERCENT = 10


def order_total(price_cents: int, quantity: int) -> int:
    """Price of ``quantity`` copies; 10% off from ten copies, rounded down to the cent."""
    if quantity < 1:
        raise ValueError("quantity must be at least 1")
    total = price_cents * quantity
    if quantity >= BULK_QUANTITY:
        total -= total * BULK_DISCOUNT_PERCENT // 100
    return total
