// Strings Django 5.2's admin scripts show editors (SelectFilter2.js, the two-box picker) that its
// zh_Hans catalogue does not translate yet. Never served: it exists so that
// `makemessages -d djangojs` copies these msgids into locale/zh_Hans/LC_MESSAGES/djangojs.po,
// which the admin's JavaScript catalogue reads before Django's own.
gettext('Choose %s by selecting them and then select the "Choose" arrow button.');
gettext('Remove %s by selecting them and then select the "Remove" arrow button.');
gettext('Choose all %s');
gettext('Remove all %s');
gettext('Choose selected %s');
gettext('Remove selected %s');
gettext('(click to clear)');
