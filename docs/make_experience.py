"""Draw the experience curve of docs/rendering.md into docs/images/experience.png.

    python docs/make_experience.py

The bereavement blueprint's journeys of a simulated population (seed 17, 400
citizens, the simulator's default voice: citizens answer after their steps, and
their scores fall with the gaps they met), analysed and drawn stage by stage. The
population is built in memory, so the picture is the same on every run with the
same journeys and matplotlib.
"""

from __future__ import annotations

from pathlib import Path

from journeys import JourneyApp, analyse
from journeys.blueprints import load_bundled_blueprint
from journeys.render import render_experience
from journeys.simulation import Voice, simulate_into

IMAGES = Path(__file__).parent / "images"
CITIZENS = 400
SEED = 17


def main() -> None:
    """Simulate, analyse and draw; write experience.png."""
    blueprint = load_bundled_blueprint("bereavement")
    with JourneyApp.in_memory() as app:
        simulate_into(app, [blueprint], citizens=CITIZENS, seed=SEED, voice=Voice())
        analysis = analyse(app)
    stages = analysis.experience_by_stage(blueprint)
    answers = sum(stage.scores.responses for stage in stages)
    curve = render_experience(
        stages,
        title=f"{blueprint.title}\nHow the journey felt, stage by stage: {CITIZENS} "
        f"simulated citizens, {answers} answers",
    )
    curve.write(IMAGES / "experience.png")


if __name__ == "__main__":
    main()
