"""The phrase cues the detectors look for, as regular expressions (case-insensitive).

Kept apart from the detectors' logic so that the cue lists can be read, reviewed and extended on
their own; tests/data holds the labelled answers that measure them.
"""

from __future__ import annotations

from rubrics.text import compile_cues

ABSOLUTES = compile_cues(
    [
        r"\b(always|consistently) (works?|be right|be correct|is right|is correct|correct|accurate|succeeds?|gets? it right|returns? the (right|correct))",
        r"\bworks? (every time|all the time|perfectly|flawlessly)",
        r"\bnever (fails?|breaks?|hallucinates?|helps|works|gets? (it wrong|stuck|confused)|is wrong|makes? (a )?mistakes?|goes down|has (any )?(issues|problems))",
        r"\b(catches|handles|covers|finds|fixes|solves) (everything|every case|all (the )?(cases|errors|problems))\b",
        r"\bwill (always )?be (correct|right|accurate|perfect)\b",
        r"\b(is|are) (really |super |pretty |so )?(trivial|easy)\b(?! to)",
        r"\bguarantee[sd]?\b",
        r"\b100 ?(%|percent)\b",
        r"\bperfect(ly)?\b",
        r"\bjust works\b",
        r"\b(it's|it is|that's|that is|this is|it'll be) (trivial|easy|obvious|simple)\b",
        r"\btrivial(ly)?\b",
        r"\bobviously\b",
        r"\bdefinitely\b",
        r"\b(completely|totally|fully|entirely) (solves?|eliminates?|prevents?|removes?|fixes)\b",
        r"\beliminates? (all|every|hallucinations?)\b",
        r"\b(zero|no) (hallucinations?|errors|mistakes|bugs|downtime)\b",
        r"\bcan(not|'t|’t) (possibly )?(fail|go wrong|break)\b",
        r"\bnothing (can|could|will) go wrong\b",
        r"\bsolved problem\b",
        r"\b(bullet-?proof|foolproof)\b",
        r"\bI('m| am) (an|the) expert\b",
        r"\bI know (everything|all there is)\b",
        r"\b(without|no) (a |any )?doubt\b",
        r"\bno need to (test|evaluate|check|verify|worry|measure|monitor)\w*",
    ]
)

HEDGES = compile_cues(
    [
        r"\bit depends\b",
        r"\bdepend(s|ing)? on\b",
        r"\b(usually|typically|generally|often|sometimes|probably|likely|roughly|approximately)\b",
        r"\bin my experience\b",
        r"\b(not|n't) (sure|certain|always|perfect|guaranteed)\b",
        r"\bI don't know\b",
        r"\bassum(e|ing|ption)\b",
        r"\btrade-?offs?\b",
        r"\b(risks?|limitations?|caveats?|failure modes?|edge cases?)\b",
        r"\b(might|may) (not|fail|break|miss|drift|hallucinate)\b",
        r"\bwould (verify|measure|check|test|validate)\b",
    ]
)

DISMISS_EVALUATION = compile_cues(
    [
        r"\bno need (to|for) (\w+ )?(evaluat|test|measur|metric|benchmark|monitor|check|eval)\w*",
        r"\b(don't|do not|doesn't|does not|won't|wouldn't|shouldn't) (really )?(need|have) (to )?(\w+ )?(evaluat|test|measur|metric|benchmark|monitor|eval)\w*",
        r"\bjust works\b",
        r"\b(evaluation|evals?|testing|metrics|benchmarks?|monitoring) (is|are) (overkill|unnecessary|a waste|pointless|not needed|not necessary|overrated|not that important)",
        r"\beyeball\w*",
        r"\b(you|we|I|one) can (just |easily )?tell (if|whether|that|when|it)\b",
        r"\blooks? good to me\b",
        r"\bvibes?[- ]?check\w*",
        r"\bif (the )?(users|customers|people|nobody|no one) (don't |do not |doesn't )?(complain|complains)\b",
        r"\bno complaints\b",
        r"\bskip(ping)? (the )?(evaluation|evals?|testing|tests|metrics)\b",
        r"\btrust the model\b",
        r"\bthe model (is|was) (good|accurate|smart) enough\b",
        r"\bship it and see\b",
    ]
)

EVALUATION_WORDS = compile_cues(
    [
        r"\beval(uat\w+|s)?\b",
        r"\bmetrics?\b",
        r"\bmeasur\w+",
        r"\bbenchmark\w*",
        r"\b(test|golden|held-out|holdout|validation) (set|data|suite|questions)\b",
        r"\b(accuracy|precision|recall|f1|ndcg|mrr|hit rate|faithfulness|groundedness|relevance score)\b",
        r"\ba/?b test\w*",
        r"\bmonitor\w*",
        r"\bdashboards?\b",
        r"\bhuman (review|eval\w*|raters?|labell?ers?)\b",
        r"\blabell?ed\b",
        r"\bregression tests?\b",
        r"\bunit tests?\b",
        r"\bhallucination rate\b",
        r"\bllm[- ]as[- ]a[- ]judge\b",
        r"\buser feedback\b",
        r"\b(success|error|failure|resolution|escalation|click-through|conversion|acceptance) rates?\b",
        r"\breview(ed|ing)? a sample\b|\bsample of (\w+ ){0,2}(calls|conversations|answers|outputs|tickets)\b",
    ]
)

DISMISS_COST = compile_cues(
    [
        r"\b(the )?(cost|price|money|spend)s? (doesn't|does not|won't|shouldn't|isn't going to|don't) (really )?(matter|be an issue|be a concern)",
        r"\b(don't|do not|wouldn't|won't|never) (really )?(worry|care|think) about (the )?(cost|price|money|spend|budget|tokens|bill)",
        r"\bmoney is no (object|issue)\b",
        r"\b(cost|price|budget) (is|isn't|is not) (not |never )?(a|an|really an?) ?(concern|issue|problem|factor)\b",
        r"\b(unlimited|infinite) (budget|money|tokens|compute)\b",
        r"\bregardless of (the )?(cost|price)\b",
        r"\bwhatever it costs\b",
        r"\b(just )?(use|throw|call) (the )?(biggest|largest|most powerful|most expensive) (model|gpu|llm)s?\b",
        r"\b(call|use|send it to) (gpt-?4\w*|gpt-?5\w*|claude \w+|the (biggest |largest )?(llm|model|api)) (on|for) (every|each|all)\b",
        r"\bthrow (more )?(gpus|compute|hardware|money) at\b",
    ]
)

COST_WORDS = compile_cues(
    [
        r"\bcost\w*",
        r"\bpric(e|es|ing|ey)\b",
        r"\bbudget\w*",
        r"\bspend\w*",
        r"\b(expensive|cheap|cheaper|cheapest)\b",
        r"\bdollars?\b|\$\d",
        r"\bper[- ](token|request|query|call|1k|million)\b",
        r"\btoken (cost|usage|budget|spend|count)s?\b",
        r"\bgpu[- ]hours?\b",
        r"\b(smaller|cheaper|distilled) models?\b",
        r"\bdistil\w*",
        r"\bquantiz\w*",
        r"\bbatching\b",
        r"\b(roi|margins?|bill|billing)\b",
    ]
)

DENY_TRADEOFFS = compile_cues(
    [
        r"\bno (real )?(trade-?offs?|downsides?|drawbacks?|disadvantages?)\b",
        r"\bthere('s| is| are) nothing (to lose|to give up|lost)\b",
        r"\b(is|are) (simply|just|always|strictly|clearly) (better|superior|the best)\b",
        r"\bthe only (sensible |real |good )?(option|choice|way|approach|answer)\b",
        r"\bis the (best|right|correct) (approach|option|choice|way|answer)\b(?!\W+(depends|for|when|if|here|in))",
        r"\b(is|are) (just )?a waste of (time|money)\b",
        r"\bno reason to (use|consider|bother|look at)\b",
        r"\balways (use|pick|choose|go with)\b",
        r"\bnever use\b",
        r"\bno-?brainer\b",
        r"\bone size fits all\b",
    ]
)

TRADEOFF_WORDS = compile_cues(
    [
        r"\btrade-?offs?\b",
        r"\btrade off\b",
        r"\bversus\b|\bvs\b\.?",
        r"\b(downsides?|drawbacks?|disadvantages?|the catch)\b",
        r"\bon the other hand\b",
        r"\bat the (expense|cost) of\b",
        r"\bpros and cons\b",
        r"\bin exchange\b",
        r"\bsacrific\w+",
        r"\bcompared (to|with)\b",
        r"\bwhereas\b",
        r"\brather than\b",
        r"\binstead of\b",
        r"\bit depends\b",
        r"\bdepend(s|ing)? on\b",
        r"\bbalanc\w+",
        r"\bweigh\w*",
        r"\balternatives?\b",
        r"\b(faster|slower|cheaper|pricier|more expensive|more accurate|less accurate|simpler|more complex|higher|lower|better|worse)\b[^.]{0,60}\bbut\b",
        r"\b(cheap|expensive|fast|slow|accurate|simple|complex|flexible|robust|easy|hard|powerful)\b,? but\b",
        r"\b(more|less|fewer|higher|lower|better|worse) (\w+ ){0,2}than\b",
        r"\btoo (expensive|slow|costly|complex|risky|noisy|brittle)\b",
        r"\b(al)?though\b|, while\b|\bunless\b",
        r"\b(if|when) (the )?(\w+ ){0,2}(allows?|permits?|justif(y|ies))\b",
        r"\bworth (it|the)\b|\bin return\b|\bat the price of\b",
        r"\bcost(s|ing)? (us|you|them)\b",
        r"\bbut\b[^.]{0,60}\b(slower|faster|costs? more|more expensive|less accurate|more complex|harder|worse)\b",
    ]
)

LEARNING_ONLY = compile_cues(
    [
        r"\b(online )?(tutorials?|courses?|coursera|udemy|bootcamps?|moocs?|youtube videos?|textbooks?)\b",
        r"\bI (read|watched|saw|heard) (about|that|a|an|somewhere|online|in)\b",
        r"\bI('ve| have) (never|not) (actually )?(deployed|shipped|built|run|used|worked|put)\b",
        r"\bI haven't (actually )?(deployed|shipped|built|run|used|worked|put)\b",
        r"\bin theory\b",
        r"\b(toy|school|class|homework|hobby|kaggle) (projects?|assignments?|competitions?|examples?)\b",
        r"\bfor (a|my) (class|course|degree)\b",
        r"\bI would imagine\b",
        r"\bI('ve| have) only (read|seen|done|used|played)\b",
        r"\bno (real|professional|production|hands-on) experience\b",
    ]
)

ADMISSIONS = compile_cues(
    [
        r"\b(never|not|haven't) (actually )?(deployed|shipped|put)\b",
        r"\bno (real|professional|production|hands-on) experience\b",
    ]
)

PRODUCTION = compile_cues(
    [
        r"\bin (production|prod)\b",
        r"\b(we|I) (shipped|deployed|launched|rolled out|migrated|built|ran|operated|maintained|scaled|served|measured|monitored|debugged|fixed|saw|found|noticed|cut|reduced|improved|owned)\b",
        r"\bat my (last|previous|current|old|first) (job|company|team|role|employer|startup)\b",
        r"\b(our|my) (users|customers|on-?call|production|prod|service|pipeline|clients)\b",
        r"\bon-?call\b",
        r"\b(incidents?|outages?|post-?mortems?|paged|rollbacks?|rolled back)\b",
        r"\bp(50|90|95|99)\b",
        r"\bqps\b|\brequests (per|a) (second|day|minute)\b",
        r"\ba/?b test\w*",
    ]
)

STAR_PARTS: dict[str, tuple[str, ...]] = {
    "situation": (
        r"\b(at|when I was at|while at|in) (my )?(last|previous|current|old|first|a|an|the) (job|company|startup|team|role|employer|project)\b",
        r"\b(last|this past|earlier this) (year|quarter|month|spring|summer|fall|winter)\b",
        r"\ba (few|couple of) (years|months|weeks) ago\b",
        r"\bwe were (building|working|trying|running|launching|using)\b",
        r"\bI was working (on|at|as)\b",
        r"\b(the situation|the context|the background) was\b",
        r"\bback when\b",
    ),
    "task": (
        r"\bmy (role|job|task|responsibility|goal|mandate) was\b",
        r"\bI was (responsible|in charge|asked|tasked|the owner|on the hook|supposed to)\b",
        r"\bI owned\b",
        r"\bI (needed|had) to\b",
        r"\b(the|our) (goal|task|objective|target) was\b",
        r"\bwe needed to\b",
    ),
    "action": (
        r"\bI (built|decided|wrote|ran|implemented|proposed|set up|led|added|created|designed|talked|met|analy[sz]ed|investigated|rolled back|fixed|started|pushed|changed|introduced|dug|traced|reached out|organi[sz]ed|prototyped|benchmarked|measured|collected|labell?ed|retrained|switched|convinced|split|scheduled)\b",
        r"\b(so|then|first|next) I\b",
        r"\bmy first step\b",
    ),
    "result": (
        r"\bas a result\b",
        r"\b(the )?(result|outcome|impact) was\b",
        r"\bin the end\b",
        r"\bended up\b",
        r"\b(improved|reduced|increased|dropped|rose|grew|saved|lowered|raised|halved|doubled)\b",
        r"\d+ ?(%|percent)",
        r"\b(I|we) learn(ed|t)\b",
        r"\b(lesson|takeaway)s?\b",
        r"\bwent from\b",
        r"\bsince then\b",
    ),
}
STAR_CUES = {part: compile_cues(patterns) for part, patterns in STAR_PARTS.items()}
