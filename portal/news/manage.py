"""Leads write news: /<lang>/manage/<delegation>/news/."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from portal.core.db import load_page
from portal.core.domain import DomainError
from portal.core.media import image_url
from portal.core.pagination import requested_page, require_items
from portal.delegations.manage import load_managed_delegation
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.news import services
from portal.news.forms import InlineImageForm, PostForm
from portal.news.images import store_image
from portal.news.models import NewsPost
from portal.news.structured_data import article_data

bp = Blueprint("news_manage", __name__, url_prefix="/<lang:lang_code>/manage/<slug>/news")
PER_PAGE = 25


@bp.get("/")
@login_required
def index(slug: str) -> str:
    delegation = load_managed_delegation(slug)
    statement = (
        select(NewsPost)
        .where(NewsPost.delegation_id == delegation.id)
        .order_by(
            NewsPost.published_at.is_(None).desc(), NewsPost.published_at.desc(), NewsPost.id.desc()
        )
        .options(selectinload(NewsPost.translations), joinedload(NewsPost.author))
    )
    page = require_items(load_page(statement, number=requested_page(), per_page=PER_PAGE))
    return render_template("news/manage/index.html", delegation=delegation, page=page)


def _load(delegation: Delegation, post_id: int) -> NewsPost:
    post = db.session.scalars(
        select(NewsPost)
        .where(NewsPost.id == post_id, NewsPost.delegation_id == delegation.id)
        .options(
            selectinload(NewsPost.translations),
            joinedload(NewsPost.cover_large),
            joinedload(NewsPost.cover_small),
        )
    ).first()
    if post is None:
        abort(404)
    return post


def _input(form: PostForm) -> services.PostInput:
    texts = {}
    for locale in ("en", "fr"):
        sub = getattr(form, locale).form
        if (sub.title.data or "").strip():
            texts[locale] = {name: getattr(sub, name).data or "" for name in services.TEXT_FIELDS}
    return services.PostInput(dateline=form.dateline.data or "", texts=texts)


def _local_to_utc(moment: datetime, delegation: Delegation) -> datetime:
    zone = ZoneInfo(delegation.timezone or "Europe/Paris")
    return moment.replace(tzinfo=zone).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def _utc_to_local(moment: datetime | None, delegation: Delegation) -> datetime | None:
    if moment is None:
        return None
    zone = ZoneInfo(delegation.timezone or "Europe/Paris")
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)


def _save(delegation: Delegation, post: NewsPost, form: PostForm) -> bool:
    """Apply the form and the chosen action; errors go beside their field."""
    action = request.form.get("action", "save")
    try:
        if form.cover.data and form.cover.data.filename:
            services.set_cover(post, store_image(form.cover.data, owner_id=current_user.id))
        elif form.remove_cover.data:
            services.remove_cover(post)
        services.save_post(
            post,
            delegation=delegation,
            author_id=current_user.id,
            data=_input(form),
            has_cover=post.cover_large is not None,
        )
        if action == "publish":
            services.publish(post)
        elif action == "schedule":
            if form.publish_at.data is None:
                raise DomainError(_("Choose the date and time of publication."), field="publish_at")
            services.publish(post, at=_local_to_utc(form.publish_at.data, delegation))
        elif action == "unpublish":
            services.unpublish(post)
    except DomainError as error:
        db.session.rollback()
        target = {
            "cover": form.cover,
            "publish_at": form.publish_at,
            "cover_alt": form.en.form.cover_alt,
        }.get(error.field or "", form.en.form.title)
        target.errors = [*target.errors, str(error.message)]
        return False
    db.session.commit()
    messages = {
        "publish": _("The post is published."),
        "schedule": _("The post is scheduled."),
        "unpublish": _("The post is back to draft."),
    }
    flash(messages.get(action, _("The post is saved.")), "success")
    return True


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new(slug: str) -> str | Response:
    delegation = load_managed_delegation(slug)
    form = PostForm()
    post = NewsPost()
    if form.validate_on_submit() and _save(delegation, post, form):
        return redirect(url_for("news_manage.edit", slug=slug, post_id=post.id))
    return render_template(
        "news/manage/form.html", delegation=delegation, form=form, post=None, image_form=None
    )


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, post_id: int) -> str | Response:
    delegation = load_managed_delegation(slug)
    post = _load(delegation, post_id)
    form = PostForm()
    if request.method == "GET":
        texts = {t.locale: t for t in post.translations}
        form = PostForm(
            formdata=None,
            data={
                "dateline": post.dateline,
                "publish_at": _utc_to_local(post.published_at, delegation)
                if post.display_status == "scheduled"
                else None,
                **{
                    locale: {name: getattr(texts[locale], name) for name in services.TEXT_FIELDS}
                    for locale in texts
                },
            },
        )
    elif form.validate_on_submit() and _save(delegation, post, form):
        return redirect(url_for("news_manage.edit", slug=slug, post_id=post.id))
    return render_template(
        "news/manage/form.html",
        delegation=delegation,
        form=form,
        post=post,
        image_form=InlineImageForm(formdata=None),
    )


@bp.get("/<int:post_id>/preview/<locale>")
@login_required
def preview(slug: str, post_id: int, locale: str) -> str:
    """The post as the public will see it, in `locale`, whatever its status."""
    delegation = load_managed_delegation(slug)
    post = _load(delegation, post_id)
    if locale not in ("en", "fr"):
        abort(404)
    from flask_babel import force_locale

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
def delete(slug: str, post_id: int) -> Response:
    delegation = load_managed_delegation(slug)
    post = _load(delegation, post_id)
    try:
        services.delete_draft(post)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("news_manage.edit", slug=slug, post_id=post_id))
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("news_manage.index", slug=slug))


@bp.post("/<int:post_id>/images")
@login_required
def upload_image(slug: str, post_id: int) -> str | Response:
    """An image to use inside the text: stored, then its Markdown is shown to copy."""
    delegation = load_managed_delegation(slug)
    post = _load(delegation, post_id)
    image_form = InlineImageForm()
    if image_form.validate_on_submit():
        try:
            stored = store_image(image_form.image.data, owner_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            image_form.image.errors = [str(error.message)]
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
    return render_template(
        "news/manage/form.html",
        delegation=delegation,
        form=PostForm(formdata=None),
        post=post,
        image_form=image_form,
    )
