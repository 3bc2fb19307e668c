"""HTTP Digest: the response of RFC 2617's own example, the count going up, a renewed nonce."""

from __future__ import annotations

import pytest

from aizones.core.digest_auth import Digest

CHALLENGE = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'


def test_the_response_is_the_one_of_rfc_2617_section_3_5():
    digest = Digest("Mufasa", "Circle Of Life", CHALLENGE)
    header = digest.header("GET", "http://www.nowhere.org/dir/index.html", cnonce="0a4f113b")["Authorization"]
    assert 'response="6629fae49393a05397450978507c4ef1"' in header
    assert "nc=00000001" in header and 'uri="/dir/index.html"' in header and 'opaque="5ccc069c403ebaf9f0171e9517f40e41"' in header


def test_each_request_counts_up_and_a_new_nonce_starts_again():
    digest = Digest("Mufasa", "Circle Of Life", CHALLENGE)
    digest.header("GET", "http://h/a")
    assert "nc=00000002" in digest.header("PUT", "http://h/a?graph=x")["Authorization"]
    digest.renew(CHALLENGE.replace("dcd98b", "eeeeee"))
    renewed = digest.header("GET", "http://h/a")["Authorization"]
    assert "nc=00000001" in renewed and 'nonce="eeeeee' in renewed


def test_a_scheme_it_does_not_speak_is_said():
    with pytest.raises(ValueError, match="auth-int only"):
        Digest("u", "p", 'Digest realm="r", nonce="n", qop="auth-int"')
