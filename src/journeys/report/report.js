// The report's own script: tabs, pan and zoom on the pictures (svg-pan-zoom), and the
// journey finder. It writes text with textContent only, never as markup.
(function () {
  "use strict";

  var zoomed = new WeakMap();

  function panZoom(svg) {
    if (!svg || zoomed.has(svg) || svg.getBoundingClientRect().width === 0) {
      return;
    }
    zoomed.set(svg, window.svgPanZoom(svg, {
      controlIconsEnabled: true,
      zoomScaleSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 50,
      fit: true,
      center: true
    }));
  }

  function showPanel(group, name) {
    var tabs = document.querySelectorAll('[role="tab"][data-group="' + group + '"]');
    tabs.forEach(function (tab) {
      var selected = tab.dataset.panel === name;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      var panel = document.getElementById(tab.dataset.panel);
      if (panel) {
        panel.hidden = !selected;
      }
    });
    var shown = document.getElementById(name);
    if (shown) {
      shown.querySelectorAll("svg.picture").forEach(function (svg) {
        if (!svg.closest("[hidden]")) {
          panZoom(svg);
        }
      });
    }
  }

  document.querySelectorAll('[role="tab"]').forEach(function (tab) {
    tab.addEventListener("click", function () {
      showPanel(tab.dataset.group, tab.dataset.panel);
    });
  });

  // The journey finder: a search over every journey's id and case id.
  var index = JSON.parse(document.getElementById("journey-index").textContent);
  var input = document.getElementById("finder-input");
  var results = document.getElementById("finder-results");
  var viewer = document.getElementById("finder-viewer");
  var status = document.getElementById("finder-status");
  var LIMIT = 25;

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "" : String(value);
    row.appendChild(td);
    return td;
  }

  function showJourney(entry) {
    viewer.replaceChildren();
    var heading = document.createElement("h3");
    heading.textContent = "Journey " + entry.id + (entry.case ? " (case " + entry.case + ")" : "");
    viewer.appendChild(heading);
    var template = document.getElementById("timeline-" + entry.id);
    if (!template) {
      var note = document.createElement("p");
      note.className = "note";
      note.textContent = "This report holds the timelines of the journeys with the most gaps " +
        "only. Draw this one with: journeys render --kind timeline --journey " + entry.id +
        " -o timeline.svg";
      viewer.appendChild(note);
      return;
    }
    var box = document.createElement("div");
    box.className = "picture-box timeline-box";
    box.appendChild(template.content.cloneNode(true));
    viewer.appendChild(box);
    viewer.scrollIntoView({block: "start"});
    panZoom(box.querySelector("svg.picture"));
  }

  function search() {
    var wanted = input.value.trim().toLowerCase();
    results.replaceChildren();
    var found = index.filter(function (entry) {
      return !wanted || entry.id.indexOf(wanted) !== -1 ||
        (entry.case !== null && entry.case.toLowerCase().indexOf(wanted) !== -1);
    });
    status.textContent = found.length + (found.length === 1 ? " journey matches" : " journeys match") +
      (found.length > LIMIT ? " (the first " + LIMIT + " shown)" : "");
    found.slice(0, LIMIT).forEach(function (entry) {
      var row = document.createElement("tr");
      var first = cell(row, "");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "journey-link";
      button.textContent = entry.case || entry.id;
      button.addEventListener("click", function () { showJourney(entry); });
      first.appendChild(button);
      cell(row, entry.trigger);
      cell(row, entry.nation);
      cell(row, entry.started_at.slice(0, 10));
      cell(row, entry.outcome || "open");
      cell(row, entry.gaps);
      cell(row, entry.has_timeline ? "yes" : "no");
      results.appendChild(row);
    });
    if (found.length === 1) {
      showJourney(found[0]);
    }
  }

  input.addEventListener("input", search);
  document.getElementById("finder-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  search();
  showPanel("main", "panel-overview");
}());
