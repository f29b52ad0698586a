// Sandbox Maps: a single-page app over /maps/api/search and /maps/api/place/<place_id>.
//
// /maps?q=<what>&near=<city>        a results feed (#feed, role=feed), loaded in batches of
//                                   about 20 as the feed is scrolled; #end-of-list shows
//                                   when the server has no more results (or at its cap)
// ...&bbox=<south,west,north,east>  the search limited to that area of the map
// click a result                    opens #place-panel (data-place-id, data-state=loaded)
//                                   and puts /maps/place/<place_id> in the address bar
// /maps/place/<place_id>            the same app with that place's panel open
(function () {
  "use strict";
  const TILE_ZOOM = 13;
  const params = new URLSearchParams(location.search);
  const search = { q: params.get("q") || "", near: params.get("near") || "" };
  const bbox = params.get("bbox");
  const feed = document.getElementById("feed");
  const results = document.getElementById("results");
  const loading = document.getElementById("feed-loading");
  const failed = document.getElementById("feed-error");
  const endOfList = document.getElementById("end-of-list");
  const panel = document.getElementById("place-panel");
  const map = document.getElementById("map");
  let nextOffset = 0;
  let busy = false;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function placeUrl(placeId) {
    return "/maps/place/" + encodeURIComponent(placeId) + location.search;
  }

  function ratingText(rating, reviews) {
    return rating === null ? "No reviews" : rating.toFixed(1) + " (" + reviews.toLocaleString("en-US") + ")";
  }

  function resultItem(place) {
    const item = element("li", "place-result");
    item.dataset.placeId = place.place_id;
    const thumb = element("img", "thumb");
    thumb.src = place.thumbnail;
    thumb.alt = "";
    const text = element("div", "place-summary");
    const link = element("a", "place-link", place.name);
    link.href = placeUrl(place.place_id);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      openPlace(place.place_id, true);
    });
    text.append(
      link,
      element("div", "place-rating", ratingText(place.rating, place.review_count)),
      element("div", "place-category", place.category),
      element("div", "place-street", place.street)
    );
    item.append(thumb, text);
    return item;
  }

  function drawTiles(center) {
    if (!center || map.childElementCount) return;
    const n = Math.pow(2, TILE_ZOOM);
    const lat = (center[0] * Math.PI) / 180;
    const x = Math.floor(((center[1] + 180) / 360) * n);
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const tile = element("img", "tile");
        tile.src = "/maps/tiles/" + TILE_ZOOM + "/" + (x + dx) + "/" + (y + dy) + ".png";
        tile.alt = "";
        tile.style.left = (dx + 1) * 256 + "px";
        tile.style.top = (dy + 1) * 256 + "px";
        map.append(tile);
      }
    }
  }

  async function loadMore() {
    if (busy || nextOffset === null) return;
    busy = true;
    loading.hidden = false;
    failed.hidden = true;
    const query = new URLSearchParams({ q: search.q, near: search.near, offset: nextOffset });
    if (bbox) query.set("bbox", bbox);
    try {
      const response = await fetch("/maps/api/search?" + query);
      if (!response.ok) throw new Error("search answered " + response.status);
      const batch = await response.json();
      drawTiles(batch.center);
      results.append(...batch.results.map(resultItem));
      nextOffset = batch.next_offset;
      endOfList.hidden = nextOffset !== null;
    } catch (error) {
      failed.hidden = false;
    } finally {
      busy = false;
      loading.hidden = true;
    }
  }

  feed.addEventListener("scroll", function () {
    if (feed.scrollTop + feed.clientHeight >= feed.scrollHeight - 120) loadMore();
  });

  function detail(className, label, value) {
    const row = element("div", "place-detail " + className);
    row.append(element("span", "label", label + ": "), element("span", "value", value));
    return row;
  }

  function renderPanel(place) {
    const photo = element("img", "place-photo");
    photo.src = place.photo;
    photo.alt = "";
    const nodes = [
      photo,
      element("h1", "place-name", place.name),
      element("div", "place-rating", ratingText(place.rating, place.review_count)),
      element("div", "place-category", place.categories.join(" · ")),
      detail("place-address", "Address", place.address),
      detail("place-hours", "Hours", place.opening_hours),
    ];
    if (place.website) {
      const link = element("a", "place-website", new URL(place.website).hostname);
      link.href = place.website;
      link.rel = "nofollow noopener";
      const row = element("div", "place-detail");
      row.append(element("span", "label", "Website: "), link);
      nodes.push(row);
    }
    nodes.push(detail("place-phone", "Phone", place.phone));
    const where = detail(
      "place-coordinates",
      "Coordinates",
      place.latitude.toFixed(6) + ", " + place.longitude.toFixed(6)
    );
    where.dataset.latitude = place.latitude;
    where.dataset.longitude = place.longitude;
    nodes.push(where);
    panel.replaceChildren(...nodes);
  }

  async function openPlace(placeId, remember) {
    panel.hidden = false;
    panel.dataset.placeId = placeId;
    panel.dataset.state = "loading";
    if (remember) history.pushState({ placeId: placeId }, "", placeUrl(placeId));
    try {
      const response = await fetch("/maps/api/place/" + encodeURIComponent(placeId));
      if (!response.ok) throw new Error("place answered " + response.status);
      const place = await response.json();
      if (panel.dataset.placeId !== placeId) return; // another place was opened meanwhile
      renderPanel(place);
      drawTiles([place.latitude, place.longitude]);
      panel.dataset.state = "loaded";
    } catch (error) {
      if (panel.dataset.placeId !== placeId) return;
      panel.replaceChildren(element("p", "place-error", "Could not load this place."));
      panel.dataset.state = "error";
    }
  }

  window.addEventListener("popstate", function () {
    const match = location.pathname.match(/^\/maps\/place\/([^/]+)/);
    if (match) openPlace(decodeURIComponent(match[1]), false);
    else panel.hidden = true;
  });

  const form = document.getElementById("search");
  form.elements.q.value = search.q;
  form.elements.near.value = search.near;
  const opened = location.pathname.match(/^\/maps\/place\/([^/]+)/);
  if (opened) openPlace(decodeURIComponent(opened[1]), false);
  if (!opened || location.search) loadMore();
  else nextOffset = null;
})();
