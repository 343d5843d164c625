"""Routing and handlers: a Request in, a Response out, no HTTP server in sight."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import payments
from .auth import AuthError, authenticate, issue_token
from .db import OutOfStock, Store
from .pricing import order_total


@dataclass
class Request:
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes = b""

    def json(self) -> dict:
        data = json.loads(self.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        return data


@dataclass
class Response:
    status: int
    body: dict = field(default_factory=dict)


class App:
    def __init__(self, store: Store, secret: str, payments_url: str = "") -> None:
        self.store = store
        self.secret = secret
        self.payments_url = payments_url
        self.routes = {
            ("GET", "/health"): self.health,
            ("POST", "/login"): self.login,
            ("GET", "/books"): self.books,
            ("POST", "/orders"): self.place_order,
        }

    def handle(self, request: Request) -> Response:
        handler = self.routes.get((request.method, request.path))
        if handler is None:
            return Response(404, {"error": f"no route for {request.method} {request.path}"})
        try:
            return handler(request)
        except AuthError as exc:
            return Response(401, {"error": str(exc)})
        except OutOfStock as exc:
            return Response(409, {"error": str(exc)})
        except payments.PaymentError as exc:
            return Response(402, {"error": str(exc)})
        except (ValueError, KeyError, TypeError) as exc:
            return Response(400, {"error": f"bad request: {exc}"})

    def health(self, request: Request) -> Response:
        return Response(200, {"status": "ok"})

    def login(self, request: Request) -> Response:
        data = request.json()
        if not self.store.check_password(str(data["username"]), str(data["password"])):
            return Response(401, {"error": "wrong username or password"})
        return Response(200, {"token": issue_token(data["username"], self.secret)})

    def books(self, request: Request) -> Response:
        return Response(200, {"books": self.store.list_books()})

    def place_order(self, request: Request) -> Response:
        identity = authenticate(request, self.secret)
        if not identity.authenticated:
            return Response(401, {"error": "login required"})
        data = request.json()
        book_id, quantity = int(data["book_id"]), int(data.get("quantity", 1))
        book = self.store.get_book(book_id)
        if book is None:
            return Response(404, {"error": f"no book {book_id}"})
        if book["stock"] < quantity:
            raise OutOfStock(f"only {book['stock']} copies of book {book_id} left")
        total = order_total(book["price_cents"], quantity)
        reference = f"order-{uuid.uuid4().hex[:12]}"
        payment = payments.charge(total, reference, self.payments_url)
        order_id = self.store.create_order(identity.user, book_id, quantity, total, payment["id"])
        return Response(201, {"order_id": order_id, "total_cents": total, "payment_id": payment["id"]})
