"""Pages without an article that have nothing random in them: a login form, consent and
cookie notices (one in a popover named in many parts), a newsletter box, a consent wall in
`<noscript>`; each (title, main part) set in the site's page frame."""

from __future__ import annotations

from non_article_site import PageBuilder, page

FIXED = {
    "login": (
        "Sign in",
        "<h1>Sign in</h1><p>Sign in to continue.</p>"
        '<form method="post"><label>Email address<input type="email" name="email"></label>'
        '<label>Password<input type="password" name="password"></label>'
        '<label><input type="checkbox"> Remember me</label><button>Sign in</button></form>'
        '<p><a href="/forgot">Forgot your password?</a></p>'
        '<p>New here? <a href="/register">Create an account</a></p>',
    ),
    "cookie_notice": (
        "Latest",
        '<h1>Latest</h1><ul><li><a href="/a">Council approves budget</a></li>'
        '<li><a href="/b">Museum reopens after renovation</a></li></ul>'
        '<div class="privacy-consent"><div class="privacy-consent__inner"><p>Our site and its '
        "partners store small files on your device to remember your settings, measure how "
        "pages are read and choose the advertising you see. You can change your choice at "
        'any time on the <a href="/c">privacy settings</a> page.</p><p>If you press OK, '
        "you agree that these files may be stored and read on this device.</p>"
        "<button>OK</button></div></div>",
    ),
    "newsletter": (
        "Latest",
        '<h1>Latest</h1><ul><li><a href="/a">Council approves budget</a></li>'
        '<li><a href="/b">Museum reopens after renovation</a></li></ul>'
        '<div class="newsletter-signup"><h2>Our morning briefing</h2><p>Every weekday at six '
        "we send the day's five most important stories from the region to your inbox, with a "
        "short look at what the council, the courts and the schools have on their agenda.</p>"
        "<p>You can leave the list at any time with the link at the bottom of every mail, "
        "and we never pass your address on to anyone.</p>"
        '<form><input type="email" name="email"><button>Sign up</button></form></div>',
    ),
    "noscript_wall": (
        "Latest",
        '<h1>Latest</h1><ul><li><a href="/a">Council approves budget</a></li>'
        '<li><a href="/b">Museum reopens after renovation</a></li></ul>'
        '<noscript><div class="wall"><p>Example Media would like to process data about your '
        "visit, such as the pages you read and the device you use, with its partners, to "
        "show advertising that fits your interests and to measure how it performs.</p><p>The "
        "data may be stored and processed in other countries. You can withdraw your "
        'agreement at any time in the <a href="/c">privacy settings</a>.</p>'
        "<button>Accept</button></div></noscript>",
    ),
    "cookie_popover": (
        "Latest",
        '<h1>Latest</h1><ul><li><a href="/a">Council approves budget</a></li>'
        '<li><a href="/b">Museum reopens after renovation</a></li></ul>'
        '<div class="cc_bar"><p>We count visits to this site. <a href="#more">More</a></p></div>'
        '<div class="cc_banner_more_details_popover"><div class="cc_banner_more_details_popover_'
        'body"><p>This site keeps a few small files in your browser so that it remembers the '
        "choices you made on your last visit and can tell how many people read each page. "
        "None of them is shared with advertisers, and they expire after one year.</p><p>You "
        "can delete them in your browser at any time; the site still works without them, "
        'but it will ask for your choices again.</p><p><a href="#">Close</a></p></div></div>',
    ),
    "cookie_wall": (
        "Example Daily",
        '<div class="consent"><h2>We value your privacy</h2>'
        "<p>We and our partners use cookies to store and access information on your device.</p>"
        "<button>Accept all</button><button>Reject all</button>"
        '<a href="/privacy">Manage settings</a></div>',
    ),
}


def fixed(name: str) -> PageBuilder:
    title, main = FIXED[name]
    return lambda rng: page(title, main)
