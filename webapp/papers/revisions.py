"""Revisions after publishing (docs/meetings-and-papers.md#revisions-after-publishing): the clerk issues a revised
version of published papers with a reason, and anyone who may read the papers downloads any version.
The writes are in versions.py."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.core.fields import restamp
from forms.papers import RevisionForm
from webapp.core.downloads import safe_name, word_attachment
from webapp.core.permissions import role_required, signed_in
from webapp.domain.roles import Role
from webapp.exports.papers_docx import papers_document
from webapp.models import utcnow

from . import bp
from .as_presented import published_version
from .item import entries, item_for
from .printed import printed_papers
from .versions import NotPublished, RevisedMeanwhile, issue_revision, versions_of
from .views import a_and_p_meeting


@bp.route("/revise", methods=["GET", "POST"])
@role_required(Role.CLERK)
def revise(meeting_id):
    meeting = a_and_p_meeting(meeting_id)
    item = item_for(meeting)
    if item is None:
        abort(404)
    if not item.published:
        flash("Only published papers are revised: these are still a draft, so change them directly.", "error")
        return redirect(url_for(".show", meeting_id=meeting.id))
    versions = versions_of(item)
    form = RevisionForm(data={"revises": max(version.number for version in versions)})
    status = 422
    if form.validate_on_submit():
        try:
            version = issue_revision(
                item,
                entries(item),
                current_user.id,
                form.reason.data,
                form.with_changes.data,
                utcnow(),
                revises=form.revises.data,
            )
        except NotPublished:  # pragma: no cover - papers are never unpublished
            abort(409)
        except RevisedMeanwhile as meanwhile:
            # Sent twice, or another clerk issued one: the reason is kept, to send again if still wanted.
            form.form_errors.append(
                f"Version {meanwhile.latest} of the papers was issued after this page was opened: "
                "check it, then issue another only if it is still needed"
            )
            restamp(form.revises, meanwhile.latest)
            versions, status = versions_of(item), 409
        else:
            flash(f"Version {version.number} of the papers issued. Every earlier version is kept.", "success")
            return redirect(url_for(".show", meeting_id=meeting.id, _anchor="versions"))
    return render_template(
        "papers/revise.html", meeting=meeting, item=item, versions=versions, entries=entries(item), form=form
    ), status if form.errors or form.form_errors else 200


@bp.route("/versions/<int:number>/download")
@signed_in
def download_version(meeting_id, number):
    meeting, item, version = published_version(meeting_id, number)
    papers = printed_papers(item, entries(item), item.council, utcnow(), version)
    name = f"{safe_name(meeting.body.name.replace(' ', '-'), 'committee')}-{meeting.date:%Y-%m-%d}-PIPs"
    return word_attachment(
        papers_document(papers, exported_by=current_user.name), f"{name}-version-{version.number}.docx"
    )
