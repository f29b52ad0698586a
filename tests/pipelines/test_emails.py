import pytest

from pipelines.normalize.emails import clean_email, clean_emails


@pytest.mark.parametrize(
    ("written", "email"),
    [
        ("Sales@Shop.COM", "sales@shop.com"),
        ("mailto:Info@Joes-Pizza.com?subject=Hello", "info@joes-pizza.com"),
        ("name [at] domain [dot] com", "name@domain.com"),
        ("name(at)domain(dot)co(dot)uk", "name@domain.co.uk"),
        ("info {at} firma [punkt] de", "info@firma.de"),
        ("john at example dot org", "john@example.org"),
        ("  <office@example.com> ", "office@example.com"),
    ],
)
def test_addresses_are_deobfuscated_and_lowercased(written, email):
    assert clean_email(written) == email


@pytest.mark.parametrize(
    "written", ["bad@", "@example.com", "a@b", "x..y@example.com", "no email here", "", None]
)
def test_what_is_not_an_address_is_none(written):
    assert clean_email(written) is None


def test_a_list_is_split_deduplicated_and_kept_in_order():
    assert clean_emails(["b@x.com, a@x.com; B@X.com", None, "junk", "c [at] x [dot] com"]) == [
        "b@x.com",
        "a@x.com",
        "c@x.com",
    ]


@pytest.mark.parametrize(
    ("written", "email"),
    [
        ("mailto:info%40shop.com", "info@shop.com"),
        ("ventas (arroba) tienda (punto) es", "ventas@tienda.es"),
        ("sales [@] shop [.] com", "sales@shop.com"),
    ],
)
def test_links_and_other_obfuscations_are_read(written, email):
    assert clean_email(written) == email


@pytest.mark.parametrize("written", ["logo@2x.png", "icon@3x.webp", "bundle@1.2.js"])
def test_file_names_that_look_like_addresses_are_none(written):
    assert clean_email(written) is None
