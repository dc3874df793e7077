"""Leads write news: /<lang>/manage/<delegation>/news/."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from portal.core.clock import local_to_utc, utc_to_local
from portal.core.confirm import confirmation_page, confirmed
from portal.core.domain import DomainError, refuse
from portal.core.forms import select_choices
from portal.core.i18n import languages
from portal.core.pagination import requested_page, require_items
from portal.core.uploads import uploads_per_account
from portal.delegations.access import managed_delegation
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.news import queries, services
from portal.news.enums import PublicationState
from portal.news.forms import InlineImageForm, PostForm
from portal.news.images import image_url, store_image
from portal.news.models import NewsPost
from portal.news.structured_data import article_data
from portal.openings.queries import delegation_openings

bp = Blueprint("news_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/news")
PER_PAGE = 25
SAVED = {
    "publish": _l("The post is published."),
    "schedule": _l("The post is scheduled."),
    "unpublish": _l("The post is back to draft."),
}


@bp.get("/")
@login_required
def index(slug: str) -> str:
    delegation = managed_delegation(slug)
    page = require_items(
        queries.delegation_posts_page(delegation.id, number=requested_page(), per_page=PER_PAGE)
    )
    return render_template("news/manage/index.html", delegation=delegation, page=page)


def _apply(delegation: Delegation, post: NewsPost, form: PostForm, action: str) -> None:
    """The form's content and the chosen action, as service calls (they flush)."""
    if form.cover.data and form.cover.data.filename:
        services.set_cover(post, store_image(form.cover.data, owner_id=current_user.id))
    elif form.remove_cover.data:
        services.remove_cover(post)
    services.save_post(
        post,
        delegation=delegation,
        author_id=current_user.id,
        data=services.PostInput(texts=form.written_texts(), opening_ids=form.openings.data or []),
        has_cover=post.cover_large is not None,
    )
    if action == "publish":
        services.publish(post)
    elif action == "schedule":
        if form.publish_at.data is None:
            raise DomainError(_("Choose the date and time of publication."), field="publish_at")
        services.publish(post, at=local_to_utc(form.publish_at.data, delegation.timezone))
    elif action == "unpublish":
        services.unpublish(post)


def _save(delegation: Delegation, post: NewsPost, form: PostForm) -> bool:
    """Apply the form and the chosen action; errors go beside their field."""
    action = request.form.get("action", "save")
    first_texts = form.language_forms()[0][1]
    try:
        _apply(delegation, post, form, action)
    except DomainError as error:
        refuse(
            error,
            form,
            fields={"cover_alt": first_texts.cover_alt, "openings": form.openings},
            default=first_texts.title,
        )
        return False
    db.session.commit()
    flash(str(SAVED.get(action, _l("The post is saved."))), "success")
    return True


def _form_for(post: NewsPost, delegation: Delegation) -> PostForm:
    scheduled = post.display_status == PublicationState.SCHEDULED
    form = PostForm(
        formdata=None,
        data={
            "publish_at": utc_to_local(post.published_at, delegation.timezone)
            if scheduled and post.published_at
            else None,
        },
    )
    form.fill_texts(post.translations)
    form.openings.data = [opening.id for opening in post.openings]
    return form


def _offer_roles(form: PostForm, delegation: Delegation) -> PostForm:
    """The delegation's roles, as the choices of the post's "calls for" field."""
    form.openings.choices = select_choices(
        (opening.id, f"{opening.translated('title')} ({opening.status.label})")
        for opening in delegation_openings(delegation.id)
    )
    return form


def _render_form(
    delegation: Delegation, form: PostForm, post: NewsPost | None, image_form: object = None
) -> str:
    return render_template(
        "news/manage/form.html",
        delegation=delegation,
        form=form,
        post=post,
        image_form=image_form,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
@uploads_per_account
def new(slug: str) -> str | Response:
    delegation = managed_delegation(slug)
    form = _offer_roles(PostForm(), delegation)
    post = NewsPost()
    if form.validate_on_submit() and _save(delegation, post, form):
        return redirect(url_for("news_manage.edit", slug=slug, post_id=post.id))
    return _render_form(delegation, form, None)


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@uploads_per_account
def edit(slug: str, post_id: int) -> str | Response:
    delegation = managed_delegation(slug)
    post = queries.delegation_post_or_404(delegation.id, post_id)
    form = _offer_roles(
        PostForm() if request.method == "POST" else _form_for(post, delegation), delegation
    )
    if form.validate_on_submit() and _save(delegation, post, form):
        return redirect(url_for("news_manage.edit", slug=slug, post_id=post.id))
    return _render_form(delegation, form, post, InlineImageForm(formdata=None))


@bp.get("/<int:post_id>/preview/<locale>")
@login_required
def preview(slug: str, post_id: int, locale: str) -> str:
    """The post as the public will see it, in `locale`, whatever its status."""
    delegation = managed_delegation(slug)
    post = queries.delegation_post_or_404(delegation.id, post_id)
    if locale not in languages():
        abort(404)
    with force_locale(locale):
        return render_template(
            "news/detail.html",
            post=post,
            older=None,
            newer=None,
            preview=True,
            article_data=article_data,
        )


@bp.post("/<int:post_id>/delete")
@login_required
def delete(slug: str, post_id: int) -> str | Response:
    delegation = managed_delegation(slug)
    post = queries.delegation_post_or_404(delegation.id, post_id)
    if not confirmed():
        return confirmation_page(
            title=_("Delete the draft “%(title)s”?", title=post.translated("title")),
            consequence=_(
                "The draft, its texts in every language and its cover image will be deleted. "
                "This cannot be undone."
            ),
            action=_("Delete this draft"),
            back=url_for("news_manage.edit", slug=slug, post_id=post_id),
        )
    try:
        services.delete_draft(post)
    except DomainError as error:
        refuse(error)
        return redirect(url_for("news_manage.edit", slug=slug, post_id=post_id))
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("news_manage.index", slug=slug))


@bp.post("/<int:post_id>/images")
@login_required
@uploads_per_account
def upload_image(slug: str, post_id: int) -> str | Response:
    """An image to use inside the text: stored, then its Markdown is shown to copy."""
    delegation = managed_delegation(slug)
    post = queries.delegation_post_or_404(delegation.id, post_id)
    image_form = InlineImageForm()
    if image_form.validate_on_submit():
        try:
            stored = store_image(image_form.image.data, owner_id=current_user.id)
        except DomainError as error:
            refuse(error, default=image_form.image)
        else:
            db.session.commit()
            flash(
                _(
                    "The image is ready. Copy this line into the text: %(markdown)s",
                    markdown=f"![{_('description')}]({image_url(stored.large)})",
                ),
                "success",
            )
            return redirect(url_for("news_manage.edit", slug=slug, post_id=post.id))
    return _render_form(delegation, _form_for(post, delegation), post, image_form)
