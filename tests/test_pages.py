"""Public pages as a visitor without an account sees them."""


def test_the_home_page_shows_figures_with_their_sources(
    client, documents, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get("/")
    page = response.content.decode()
    assert "54 national STIPs" in page
    assert "more than 30,000" in page
    assert "Torch High Technology Industry Development Center" in page
    assert "May 1988" in page
