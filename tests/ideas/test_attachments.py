"""Attachments are checked by content, cleaned of metadata, stored under random names and
served only to those who may see the suggestion, never as something a browser would run."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin

from ideas.models import Attachment, Suggestion
from ideas.services import submission
from ideas.services.submission import attachment_add
from popsote.core.uploads import MAX_BYTES, CleanFile, clean_upload, clean_uploads
from tests.factories import submit

GPS_LATITUDE = (65.0, 1.0, 2.0)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- Files to upload ------------------------------------------------------------------------


def jpeg_with_gps(*, size=(64, 48), orientation: int | None = None) -> bytes:
    """A photo as a phone takes it: camera maker, time and GPS position in its EXIF."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.Base.DateTime] = "2024:05:01 10:00:00"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (25.0, 28.0, 0.0),
        }
    )
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, comment=b"SecretComment")
    return output.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SecretAuthorName")
    output = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 128, 0, 128)).save(output, "PNG", pnginfo=info)
    return output.getvalue()


def webp_with_exif() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(output, "WEBP", exif=exif)
    return output.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"xref\n0 3\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R /Size 3 >>\n"
        b"startxref\n9\n%%EOF\n"
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Checking by content --------------------------------------------------------------------


def test_it_removes_gps_and_all_other_exif_from_a_photo():
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude]

    clean = clean_upload(upload("holiday.jpg", original, "image/jpeg"))

    with Image.open(io.BytesIO(clean.content)) as after:
        assert after.format == "JPEG"
        assert after.size == (64, 48)
        assert len(after.getexif()) == 0
        assert "exif" not in after.info
        assert "comment" not in after.info
    assert b"Exif" not in clean.content
    assert b"SecretPhoneMaker" not in clean.content
    assert b"SecretComment" not in clean.content
    assert clean.content_type == "image/jpeg"
    assert clean.extension == ".jpg"


def test_it_turns_a_photo_upright_before_dropping_its_orientation_tag():
    # Orientation 6: the camera was turned; viewers rotate the stored 64×48 picture to 48×64.
    clean = clean_upload(upload("turned.jpg", jpeg_with_gps(orientation=6)))

    with Image.open(io.BytesIO(clean.content)) as after:
        assert after.size == (48, 64)
        assert len(after.getexif()) == 0


def test_it_removes_text_chunks_from_a_png_and_keeps_its_transparency():
    clean = clean_upload(upload("chart.png", png_with_text()))

    with Image.open(io.BytesIO(clean.content)) as after:
        assert after.format == "PNG"
        assert after.mode == "RGBA"
        assert after.getpixel((0, 0)) == (0, 128, 0, 128)
        assert "Author" not in after.info
    assert b"SecretAuthorName" not in clean.content


def test_it_removes_exif_from_a_webp():
    clean = clean_upload(upload("photo.webp", webp_with_exif()))

    assert clean.content_type == "image/webp"
    assert b"SecretPhoneMaker" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as after:
        assert len(after.getexif()) == 0


def test_it_goes_by_the_content_not_the_name():
    clean = clean_upload(upload("scan.pdf", png_with_text(), "application/pdf"))

    assert clean.content_type == "image/png"
    assert clean.display_name == "scan.png"


def test_it_accepts_a_pdf_by_its_header_and_structure():
    clean = clean_upload(upload("minutes.PDF", pdf(), "application/pdf"))

    assert clean == CleanFile(pdf(), "application/pdf", ".pdf", "minutes.pdf")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cat.jpg", b"<html><script>alert(1)</script></html>"),
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("program.pdf", b"MZ\x90\x00 this is a Windows program"),
        ("animation.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("empty.jpg", b""),
    ],
)
def test_it_refuses_what_is_not_a_picture_or_a_pdf_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        clean_upload(upload(name, content, "image/jpeg"))

    assert name in messages_of(error.value)
    assert error.value.code == "unsupported"


def test_it_refuses_a_pdf_that_is_only_a_header():
    with pytest.raises(ValidationError) as error:
        clean_upload(upload("fake.pdf", b"%PDF-1.7\n<html>not really</html>"))

    assert error.value.code == "broken_pdf"


def test_it_refuses_a_damaged_picture():
    truncated = jpeg_with_gps(size=(400, 300))[:600]

    with pytest.raises(ValidationError) as error:
        clean_upload(upload("broken.jpg", truncated))

    assert error.value.code == "broken_image"


def test_it_refuses_a_picture_that_unpacks_into_too_many_pixels():
    output = io.BytesIO()
    Image.new("1", (7000, 6000)).save(output, "PNG")  # a few kilobytes, 42 megapixels

    with pytest.raises(ValidationError) as error:
        clean_upload(upload("bomb.png", output.getvalue()))

    assert error.value.code == "too_many_pixels"


def test_it_refuses_a_file_over_ten_megabytes():
    with pytest.raises(ValidationError) as error:
        clean_upload(upload("big.pdf", pdf() + b"0" * MAX_BYTES))

    assert "big.pdf" in messages_of(error.value)
    assert "10 MB" in messages_of(error.value)


def test_it_refuses_more_than_five_files_and_reports_every_bad_one_at_once():
    with pytest.raises(ValidationError) as too_many:
        clean_uploads([upload(f"{n}.pdf", pdf()) for n in range(6)])
    with pytest.raises(ValidationError) as two_bad:
        clean_uploads([upload("a.exe", b"MZ"), upload("ok.pdf", pdf()), upload("b.html", b"<p>")])

    assert "at most 5" in messages_of(too_many.value)
    assert len(two_bad.value.messages) == 2


def test_it_never_shows_a_name_holding_an_identity_code_or_a_path():
    clean = clean_upload(upload("../../etc/131052-308T lausunto.pdf", pdf()))
    plain = clean_upload(upload("C:\\Users\\me\\kuva.pdf", pdf()))

    assert "131052" not in clean.display_name
    assert clean.display_name.endswith(".pdf")
    assert plain.display_name == "kuva.pdf"


# --- Storing through the service ------------------------------------------------------------


def test_it_stores_only_the_cleaned_file_under_a_random_name(db, media_root):
    suggestion = submit(attachments=[upload("IMG_2024_home.jpg", jpeg_with_gps())]).suggestion

    (attachment,) = suggestion.attachments.all()
    stored = attachment.file.read()
    attachment.file.close()
    assert "IMG_2024_home" not in attachment.file.name
    assert attachment.file.name.endswith(f"{attachment.token}.jpg")
    assert len(attachment.token) >= 20
    assert attachment.original_name == "IMG_2024_home.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(stored)
    assert b"SecretPhoneMaker" not in stored
    # Nothing else was written: no original kept beside the clean copy.
    files = [path for path in media_root.rglob("*") if path.is_file()]
    assert len(files) == 1


def test_it_saves_nothing_when_one_file_is_bad(db, media_root):
    with pytest.raises(ValidationError) as error:
        submit(attachments=[upload("ok.jpg", jpeg_with_gps()), upload("bad.jpg", b"<html>")])

    assert "bad.jpg" in " ".join(error.value.message_dict["attachments"])
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_it_deletes_stored_files_when_the_submission_fails_after_storing_them(
    db, media_root, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(submission, "set_quick_search_vector", fail)

    with pytest.raises(RuntimeError):
        submit(attachments=[upload("ok.pdf", pdf())])

    assert not Attachment.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_it_refuses_a_sixth_attachment_added_later(db):
    suggestion = submit(attachments=[upload(f"{n}.pdf", pdf()) for n in range(5)]).suggestion

    with pytest.raises(ValidationError):
        attachment_add(suggestion=suggestion, upload=upload("6.pdf", pdf()))

    assert suggestion.attachments.count() == 5


# --- Serving --------------------------------------------------------------------------------


def attachment_url(attachment: Attachment) -> str:
    return reverse(
        "ideas:attachment",
        kwargs={"reference": attachment.suggestion.reference, "token": attachment.token},
    )


def test_it_serves_a_picture_inline_with_its_stored_type_in_a_sandbox(client, db):
    suggestion = submit(attachments=[upload("photo.jpg", jpeg_with_gps())]).suggestion
    attachment = suggestion.attachments.get()

    response = client.get(attachment_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_it_serves_a_pdf_only_as_a_download(client, db):
    suggestion = submit(attachments=[upload("minutes.pdf", pdf())]).suggestion

    response = client.get(attachment_url(suggestion.attachments.get()))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="minutes.pdf"' in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_it_never_serves_a_stored_type_it_did_not_produce(client, db):
    suggestion = submit(attachments=[upload("minutes.pdf", pdf())]).suggestion
    Attachment.objects.update(content_type="text/html")

    response = client.get(attachment_url(suggestion.attachments.get()))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("author", 200),
        ("other_resident", 404),
        ("coordinator", 200),
    ],
)
def test_it_serves_a_private_suggestions_files_only_to_who_may_see_it(
    who, status, client_for, resident, other_resident, coordinator
):
    people = {
        "anonymous": None,
        "author": resident,
        "other_resident": other_resident,
        "coordinator": coordinator,
    }
    suggestion = submit(
        actor=resident, is_private=True, attachments=[upload("x.pdf", pdf())]
    ).suggestion

    response = client_for(people[who]).get(attachment_url(suggestion.attachments.get()))

    assert response.status_code == status


def test_it_hides_the_files_of_a_hidden_suggestion_from_the_public(client, db):
    suggestion = submit(attachments=[upload("x.pdf", pdf())]).suggestion
    Suggestion.objects.filter(pk=suggestion.pk).update(is_hidden=True)

    assert client.get(attachment_url(suggestion.attachments.get())).status_code == 404


def test_it_answers_404_for_a_token_of_another_suggestion_or_none(client, db):
    first = submit(attachments=[upload("x.pdf", pdf())]).suggestion
    second = submit().suggestion
    token = first.attachments.get().token

    wrong_suggestion = reverse(
        "ideas:attachment", kwargs={"reference": second.reference, "token": token}
    )
    unknown = reverse("ideas:attachment", kwargs={"reference": first.reference, "token": "nope"})

    assert client.get(wrong_suggestion).status_code == 404
    assert client.get(unknown).status_code == 404


def test_it_lets_the_tracking_link_holder_open_the_files_of_a_private_suggestion(client, db):
    submitted = submit(is_private=True, attachments=[upload("x.pdf", pdf())])
    url = attachment_url(submitted.suggestion.attachments.get())
    assert client.get(url).status_code == 404

    client.get(reverse("ideas:track", kwargs={"token": submitted.tracking_token}))

    assert client.get(url).status_code == 200
