def test_uploaded_files_are_not_reachable_by_url(client, settings, db):
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "secret.pdf").write_bytes(b"%PDF-1.4 secret")

    for url in ("/private-media-not-served/evidence/secret.pdf", "/media/evidence/secret.pdf"):
        response = client.get(url)
        assert response.status_code == 404
        assert b"secret" not in response.content
