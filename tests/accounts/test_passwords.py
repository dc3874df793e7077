from argon2 import PasswordHasher

from portal.accounts.passwords import (
    hash_password,
    is_common_password,
    needs_rehash,
    verify_password,
)


def test_passwords_are_hashed_with_argon2id_at_least_19_mib_and_2_iterations():
    hashed = hash_password("a long and unusual passphrase")
    assert hashed.startswith("$argon2id$v=19$")
    params = dict(p.split("=") for p in hashed.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024
    assert int(params["t"]) >= 2
    assert verify_password(hashed, "a long and unusual passphrase")
    assert not verify_password(hashed, "another passphrase")
    assert not verify_password(None, "anything at all")


def test_weaker_hashes_are_upgraded():
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash("x" * 12)
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("x" * 12))


def test_common_password_list_is_loaded():
    assert is_common_password("password1234")
    assert is_common_password("  QWERTYUIOP ")
    assert not is_common_password("violet hedgehog on a bicycle")
