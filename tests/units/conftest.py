"""The unit tests never reach the network: `vietnamadminunits` can geocode an address with a street
(ArcGIS), and plans/successors.py must never make it do so."""

import socket

import pytest

LOCAL = {"localhost", "127.0.0.1", "::1", None}


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    resolve = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        if host not in LOCAL:
            raise AssertionError(f"a unit test tried to reach {host}")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
