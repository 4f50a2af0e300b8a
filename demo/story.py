"""The whole story, in the lessons' order: every step of the demo, lesson 01 to lesson 10."""

from demo import (
    story_agents,
    story_clients,
    story_ml,
    story_monolith,
    story_partners,
    story_scale,
)
from demo.steps import Step

STORY: list[Step] = [
    *story_monolith.STEPS,  # 01 the monolith, 02 what is an API, 03 two choices
    *story_clients.STEPS,  # 04 the catalog API, 05 one API, many clients
    *story_partners.STEPS,  # 06 partners and contracts, 07 v1 and v2
    *story_ml.STEPS,  # 08 a model instead of a database
    *story_agents.STEPS,  # 09 AI agents as third parties
    *story_scale.STEPS,  # 10 performance and scaling
]
