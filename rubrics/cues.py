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
        r"\b(I|we) guarantee\b|\bguaranteed to\b|\b(is|are|it's|that's|everything's) guaranteed\b|\bguarantees? (that|you|it|correct|accura\w*|100|every|no)\b",
        r"\b100 ?(%|percent)\b",
        r"\b(is|was|be|it's|that's|works?|worked|ran|runs|running|went|goes|answers?|answered) (\w+ )?(perfect|perfectly)\b(?! (normal|fine|good|reasonable|valid|legitimate|ordinary|possible|acceptable|clear|happy|ordinary|sensible))|\bperfect (accuracy|results?|recall|precision|answers?|scores?|system|solution|retrieval|every time)\b|\bperfectly (accurate|reliable|safe|correct)\b",
        r"\bjust works\b",
        r"\b(completely|totally|fully|entirely) (solves?|eliminates?|prevents?|removes?|fixes)\b",
        r"\beliminates? (all|every|hallucinations?)\b",
        r"\b(zero|no) (hallucinations?|errors|mistakes|bugs|downtime)\b",
        r"\bcan(not|'t|’t) (possibly )?(fail|go wrong|break)\b",
        r"\bnothing (can|could|will) go wrong\b",
        r"\bsolved problem\b",
        r"\b(bullet-?proof|foolproof)\b",
        r"\bI('m| am) (an|the) expert\b",
        r"\bI know (everything|all there is)\b",
        r"\b(without|no) (a |any )?doubts?\b(?!,? (but|though|however|yet)\b)",
        r"\bno need to (test|evaluate|check|verify|worry|measure|monitor)\w*",
        # Claims of certain success said without "always" or "guaranteed": ease, zero failure, no risk.
        r"\b(this|that|it)('s| is| will be| would be| should be) (the |a )?(really |super |pretty )?(easy|simple|trivial|straightforward) (part|bit|one|win)\b",
        r"\b(piece of cake|no-?brainer|a freebie|child'?s play|in my sleep|with my eyes closed|nothing to it|not rocket science|a walk in the park)\b",
        r"\b(have|get|had) (it|this|the whole thing) (done|built|shipped|working|finished) (by (monday|tuesday|wednesday|thursday|friday|tomorrow|the weekend)|in (a|an|one|two|a couple of) (day|days|afternoon|weekend|week|hours?))\b",
        r"\b(rock[- ]solid|bullet-?proof|bug-?free|iron-?clad|airtight|flawless(ly)?|spot[- ]on every time)\b",
        r"\b(just |simply )?(doesn't|does not|won't|will not|can't|cannot|never) (ever )?(miss|misses|fail|fails|break|breaks|crash|go down|drift|hallucinate|invent (\w+ )?(numbers|amounts|facts|anything|things|stuff|details)|fabricate \w+|gets? (it|anything|(the |any )?\w+( \w+)?) wrong|make (a )?mistakes?|make (stuff|things|anything) up|made (stuff|things|anything) up|go off the rails)\b",
        r"\b(handles?|covers?|deals? with|catches|catch) (anything|everything|any (case|input|edge case|question)|all of (it|them))\b",
        r"\bnothing (will|can|could|would) (ever )?(go wrong|break|slip through|get past)\b",
        r"\bno way (it|this|that|the model) (fails|breaks|goes wrong|misses|could fail)\b",
        r"\bI('m| am) (completely|totally|absolutely|a hundred percent|100 ?%|one hundred percent) (sure|confident|certain)\b",
        r"\b(zero|no) (risk|chance of (failure|error|it failing))\b",
        r"\b(without fail|every single time)\b",
        # A hard problem declared solved, or its risks waved away.
        r"\b(that's|that is|this is) (really |basically |pretty much )?(all|everything) (there is to it|you need)\b|\bthat's (really )?all there is\b|\bproblem solved\b|\bnothing more to it\b",
        r"\b(it's|it is) (really |just )?that simple\b|\b(it's|it is|this is) not (rocket science|complicated|hard)\b",
        r"\bthe (model|llm|agent|ai) (will )?(handles?|takes? care of|figures? out|deals? with|sorts? out) (that|it|this|the rest|everything)( for you)?\b",
        r"\bI('ve| have) never (seen|had) (it|that|this|one|them) (fail|break|go wrong|go down|miss)\b|\bnever (had|seen) (a|any|one) (problem|issue|failure|incident)s?\b",
        r"\b(any|a) (junior|intern|new grad|first-year)\b[^.]{0,25}\bcould\b",
        r"\bedge cases (don't|do not|won't|never) (really )?(come up|happen|matter)\b|\bthere are no edge cases\b|\b(that|it|this) (never|won't ever) happens?\b",
        r"\b(won't|will not|isn't going to|is not going to) be (a|an) (problem|issue)\b(?! (if|unless|as long|once|until|because|since))",
        r"\bnothing to worry about\b|\bworks like a charm\b|\bnailed it\b|\bdone and dusted\b|\bit'll (just )?(work|work out)\b(?! (if|unless|as long|once|when|because|since))",
        r"\b(completely|fully|totally|entirely) (reliable|accurate|safe|robust|correct|solved|deterministic|predictable)\b|\b(always|every time) (right|accurate|correct)\b",
        # The general shape: a certainty marker near a word of success, or a denial near a word of failure.
        r"\b(always|every time|every single time|without fail|no matter what|a hundred percent|100 ?%|completely|totally|entirely|guaranteed to|certainly|surely)\b(\s+\w+){0,4}?\s+(works?|correct|right|accurate|reliable|robust|safe|handles?|catch(es)?|finds?|solves?|perfect(ly)?)\b",
        r"\b(never|not once|no way|won't ever|cannot|can't|zero)\b(\s+\w+){0,3}?\s+(fails?|failures?|breaks?|miss(es)?|wrong|mistakes?|errors?|hallucinat\w*|bugs?|crash(es)?|goes down|outages?|falls? (over|apart)|goes? wrong|made anything up)\b",
        r"\b(cold start|edge cases|drift|hallucinations?|failures?|outages?|errors?|that) (doesn't|does not|don't|do not|won't|never) (really )?(come up|happen|matter|become an issue)\b|\bworks (the )?first time\b",
        r"\b(hasn't|has not|haven't|have not) (once |ever )?(made anything up|failed|broken|crashed|missed|gone down|hallucinated)( once)?( since| at all| yet)\b",
        r"\b(it|this|that|the (system|design|index|model|search|service|pipeline|cluster|setup)) (will|is going to|'ll) (definitely |easily |just )?(hold up|scale|cope|keep up)\b(?! to\b)",
        # Promises about the future stated as certain: a delivery time, or a known risk not planned for.
        r"\bI('ll| will) (have|get|ship|deliver|build) (it|that|this|one|anything|something)\b[^.]{0,40}\bin (under |less than |about )?(a|an|one|two|three|a couple of|a few) (days?|weeks?|afternoon|weekend|hours?)\b",
        r"\b(drift|failures?|outages?|edge cases|abuse|spikes?|failover|retries)\b[^.]{0,12}\b(I|we) (wouldn't|won't|don't|didn't|never) (plan|design|prepare|account|build) for\b",
        # Universal success, composed: a success verb over every or any case ("catches every injection
        # attempt", "gets every one of them right"), or every case said to come out right.
        r"\b(catches|catch|solves|fixes|spots|blocks|stops|gets|answers) (\w+ ){0,2}?(every|any)( single| one| last)? [\w-]+( of them| of it| one)?( right| correctly| perfectly)?(?=\s*[.,;!]|\s*$|\s+(without|first time|we throw|you throw|they throw))",
        r"\b(every|each)( single)? [\w-]+ (comes out|is|gets|got|came out|was) (right|correct|accurate|perfect|caught|handled|flagged)\b",
        # Certainty about an outcome, composed: a sure speaker and what will work ("I'm confident it'll
        # hold", "I know it works"), ease over a hard outcome ("easily handles ten times the load"), a
        # problem declared beaten ("we cracked it"). A reason or a hedge in its clause still measures it.
        r"\b(I'm|I am|we're|we are) (very |really |totally |completely |absolutely |super )?(sure|confident|certain|positive|convinced)\b(?! (that )?(it|this|that|we|they)('s| is| was) (not|n't))[^.;?]{0,60}\b(will|'ll|is going to|are going to|works|work|holds|scales|handles|be fine|be right|succeed|land)\b",
        r"\bI (just )?know (it|that|this|they|we|the \w+)('ll| will| is going to| are going to| works| work| holds| scales| can handle)\b",
        r"\b(easily|comfortably|trivially|effortlessly|without breaking a sweat|no problem)\b[^.;?]{0,30}\b(handles?|scales?|copes?|holds?( up)?|serves?|beats?|manages?|keeps? up)\b|\b(handles?|scales?|copes? with|holds up|serves?|keeps? up with) ([\w-]+ ){0,4}(easily|comfortably|trivially|no problem|without (any |a )?(issues?|problems?|trouble|hiccups?))\b",
        r"\b(we've|we have|I've|I have) (totally |completely |basically |pretty much )?(cracked|licked|beaten|conquered|sorted|solved) (it|that|this|the problem|hallucinations?|drift|latency)\b(?! (by|with|through|using|for (the|most|some)))",
        # A problem said not to exist for the candidate, said to be handled for good, or never seen by anyone.
        r"\b((is|'s|are|'re|was) (just |really |honestly |simply )?not|(just |really |honestly |simply )?(isn't|aren't|wasn't|ain't)) (really )?a thing (for us|we (ever )?(deal with|worry about|see|have|hit)|here|anymore|any more|at our scale|in our (setup|case|system|world))\b|\bnot (a thing|something|a problem|an issue) (we|I) (ever )?(deal with|run into|see|hit|worry about)\b(?! (yet|often|much|every day))",
        r"\b(it's|it is|that's|that is|that part's|that part is|this part is|the rest is|everything's|everything is) (all |basically |fully |totally |completely |just )?(handled|taken care of|sorted)\b(?! (by|with|through|via|in|when|if|once|at|on|for|upstream|downstream|elsewhere|separately))|\bthat part is done\b|\bnobody (has|needs|will need) to think about (it|that|this)\b|\bit runs itself\b|\b(it|that|this) stays up\b|\band it holds\s*[.!]",
        r"\b(you|we|they|users|callers|customers|clients) (never|won't ever|will never|don't ever) (see|get|hit|notice|experience) (a|an|any|one)\b|\b(users|callers|customers|clients|nobody|no one|they|the callers|the users) (don't|won't|will not|do not|wouldn't|never) (see|notice|feel) (anything|a thing|a difference|any difference|a blip)\b",
        r"\bnot (a single|one) (problem|issue|bug|incident|failure|outage|complaint|hiccup|error|glitch)\b|\bnot one (of (these|them|those|mine) )?(has|have|ever)\b[^.]{0,20}\b(fallen over|failed|broken|gone down|crashed|fell over)\b|\bcan(not|'t) (really |basically |possibly |ever )?(over-?fit|drift|hallucinate|leak|crash|go down)\b",
        r"\b(I'm|I am|I was) (right|correct) (about (these|this|that|those) (things|calls|sorts of things) |on (these|this|that) )?(pretty much |nearly |almost )?(every time|always|all the time)\b|\b(always|every time) wins?\b|\bwins every time\b|\b(speaks?|spoke) for (itself|themselves)\b",
    ]
)

# Certainty staked on a claim: commitments, a hard problem called a non-problem, universal success,
# personal infallibility. A condition or reason does not make these measured ("solved, if you prompt right").
BOLD_ABSOLUTES = compile_cues(
    [
        r"(?<=, )full stop\b(?!,? (question|exclamation|comma|or|and)\b)|\b(no question( about it)?|without (a )?question|mark my words|not a chance|zero chance|no chance (of|that)|for certain)\b",
        r"\bI'd (bet|put) ([\w'-]+ ){0,5}(on it|in writing)\b|\bI (can )?promise( you)?\b|\bI('d| would)? stake\b",
        r"\b(can't|cannot|won't) (possibly |ever )?happen\b|\bnowhere (else )?to go\b|\bnot once\b|\b(there isn't|there's not|there is no) (one|anything|a single (one|thing)) left\b|\bno room left\b",
        r"\b(is|'s|are|'re) (basically |just |honestly |really )?(a )?(non-issue|non-problem|made-up problem|solved (thing|problem)|thing of the past|ancient history|myth|non-factor)\b",
        r"\byou can (just )?forget about (it|that|them)\b|\bnothing (left )?to (fix|improve|worry about|tune)\b|\b(basically )?maxed out\b|\bas good as it gets\b",
        r"\b(gets|catches|finds|handles|covers) (them|it|these|those) all\b|\bon any (corpus|input|dataset|data|traffic|language)\b|\bany (corpus|input|dataset|query|load) you (give|throw)\b",
        r"\b(it's|it is|that's|that is|they're) (sealed|airtight|watertight|locked down|bulletproof|unbreakable|foolproof)\b|\blocked down for good\b",
        r"\bI('ve| have)? never (once )?(shipped|had|written|made|pushed) (a |one )?(single )?(bug|mistake|error|regression)\b|\bI (always|never) (nail|get|got|miss|fail)\w* (this|it|these|them|those)\b",
        r"\b(first go|first try|first time),? (every time|always)\b|\bgot a nose for\b|\bI('m| am) (pretty much |basically )?always (right|am)\b|\bI don't need to (look anything up|check (it|this|that))\b",
        r"\byou will not see (a single|one|any)\b|\b(it|that|this) (wouldn't|won't|will not) (even )?notice\b|\bhowever (busy|big|hard|much)\b(?=[^.]{0,30}\b(fine|cope|hold|keep up))",
        # A known problem declared gone for good: no longer a concern, behind us, off the table.
        r"\b(is|'s|are|'re|was) (now |long |all |well |basically |pretty much )?(behind us|off the table|over and done( with)?|gone for good|finished for (us|good)|a closed (chapter|book)|taken care of for good)\b",
        r"\b(isn't|is not|aren't|are not|'s not|'re not|'s just not|is just not) (really )?(a |an )?(concern|issue|problem|worry|factor|thing|something (you|we|anyone|I) (have|has|need|needs) to (think|worry) about)\b(?= ?(anymore|any more|these days|nowadays|for us now|with (the )?(current|new|newer|latest|modern|today's) (generation|models?|versions?)))",
        r"\ba problem (we|I|you|they) (don't|do not|won't|will never) (have|run into|see)\b",
        r"\b(there's|there is) nothing (left )?(for (the |a |an |any )?\w+ )?to (catch|adapt|fix|tune|worry about|go wrong|check|guard against)\b",
        r"\bnothing\b[^.,;]{0,40}\b(can|could|will|would) (ever |possibly )?(go wrong|break|slip (past|through)|get (past|through))\b",
        r"\btrust me\b|\b(I've|I have|I've got|I got) no doubts?\b|\bno doubts? about it\b",
        r"\b(don't|do not|never) (even )?(go )?(look|check|test)(ing)? for (it|that|them)\b",
        # Certainty about what has not been run or seen: a promise about scale, numbers that "won't
        # move", a problem said to belong to other (older) systems, one's own judgement never wrong.
        r"\bthere('s| is) (no|never a|not a single|not one) (case|scenario|situation|input|query|time|way) (where|in which|when)\b(?![^.]{0,100}\b(over|than|instead|other|else|just one|only one|more|less|hurts?|helps?|gains?|gets? you|lose|better|worse|beats?|wins?)\b|[^.]{0,30}\b(you'd|you would|anyone would|we'd|you) (ever )?(want|prefer|pick|choose|use|need)\b)",
        r"\b(they|models|the models?|it|llms|the llm) (just )?(don't|do not|doesn't|does not|won't|never) (invent|fabricate|make up|hallucinate|misread)\b",
        r"\bI can (tell|promise|assure) you (now|right now|today|already)\b|\bno part of (this|it|that) (that )?(gets|will get|is going to get) (harder|worse|slower)\b",
        r"\b(recall|latency|accuracy|quality|precision|performance|the numbers?|results?)\b[^.,;]{0,20}\b(won't|will not|isn't going to|is not going to) (move|change|drop|degrade|budge|suffer)\b|\b(recall|latency|accuracy|quality|precision) (will|'ll) (stay|remain) (where it is|the same|flat|put)\b",
        r"\b(a|that's a|that is a|it's a) (problem|issue|concern) (with|for) (the )?(older|old|earlier|previous|weaker|smaller|other people's|last year's) (models?|systems?|versions?|tools?|generations?)\b",
        r"\bmy (instincts?|gut|judg(e)?ment|calls?|intuition)( on [\w ,]{1,30})? (is|are|has been|have been) (always )?(right|spot on|never wrong|good)\b|\b(can't|cannot|couldn't|can not) (think of|remember|recall) (one|a single one|a time|any)\b[^.]{0,40}\b(bite|bit|went wrong|backfired|was wrong|failed)\b",
        r"\b(don't|do not) (really )?need (the (full |whole )?data|data|the numbers|numbers|to (test|check|look)) to know\b",
        r"\b(comes out|gets it|get it|got it|is|are) (right|correct) (the )?first (time|go|try)\b|\bnothing (in|about) (it|this|that) (that )?(can|could|will|would) (ever )?surprise (you|us|me)\b",
        r"\b(you|we) (never|won't ever|will never|don't ever) (have|need) to (handle|worry about|deal with|check for|fix|retry)\b",
        # A hard problem said to be over, a tool said to cope with anything, one's own calls never wrong.
        r"\b(hallucinations?|drift|latency|errors?|failures?|outages?|that problem|the problem|bias|cold start|scaling|injection|prompt injection|overfitting|accuracy)\b[^.,;]{0,15}\b(is|are|'s|was) (now |basically |pretty much |more or less |essentially |totally |completely )?(done|over|gone|solved|handled|fixed|dealt with|history)\b(?! (by|with|through|using|via|when|if|for (the|most|some)))",
        r"\b(eats|handles|takes|swallows|copes with|deals with|survives|absorbs|catches) (every|any)( single)? (weird |odd |possible |kind of |crazy |messy |strange )?(shape|input|format|case|edge case|query|question|document|file|layout|error|accent|attack|injection|typo)s?\b(?! (we|I)('ve| have)? (seen|tried|tested))",
        r"\bnothing (left )?to (handle|do|check|catch|test)\b(?! (but|except|other than))",
        r"\bI('d| would)( have)? (bet|put|stake|wager) ([\w'-]+ ){0,5}on (it|that|this)\b|\bI (don't|do not|never) (get|make|call) ([\w'-]+ ){0,2}(calls?|decisions?|ones?|things?|judg\w+) wrong\b",
        r"\bbit for bit\b|\b(reproducibility|latency|hallucination|scaling|that problem|the problem|problem) (is )?solved(?=\s*[.!,]|\s*$)",
        r"\bI (haven't|have not|never) (got|gotten|had|made|called) (one|a single one|any|it|a call) wrong\b|\bmy (instinct|gut|judg(e)?ment|read|eye|nose|intuition)s?( on (it|this|that|these|those))? (is|are|has been|have been) (very |really |extremely |incredibly |pretty )?(good|great|reliable|sharp|right|spot on)\b",
        r"\bnothing ([\w-]+ ){0,3}(gets|slips|goes|makes it|getting) (past|through|by)\b|\bnothing left (out there )?(for (it|us|the \w+) )?to (miss|catch)\b",
        # Stakes on one's own judgment: knowing it inside out, telling at a glance, a hand in the fire.
        r"\bI know ([\w'-]+ ){1,4}inside out\b|\bI (could|can|can just|could just) tell (immediately|straight away|right away|instantly|at a glance)\b|\bmy (hand|name|life|job|house|reputation|career) (in the fire )?(on|for) (it|that|this)\b|\bput my hand in the fire\b",
        r"\b(edge cases|corner cases|failure modes|gotchas)[,\s]+(there (aren't|are not|isn't|'re no|are no)|none)\b",
    ]
)

# Milder certainty: ease and sureness words. A hedge anywhere in the answer qualifies these; the claims
# above need their qualification where they are made.
MILD_ABSOLUTES = compile_cues(
    [
        r"\b(is|are) (really |super |pretty |so )?(trivial|easy)\b(?! to)",
        r"\b(it's|it is|that's|that is|this is|it'll be) (trivial|easy|obvious|simple)\b",
        r"\btrivial(ly)?\b",
        # Not "the obviously fine stuff": there it sorts the inputs, it is not sure of an outcome.
        r"(?<!either )\bobviously\b(?!\s+[\w-]+\s+(stuff|ones|cases|posts|examples|items|content|things|spam|messages|documents|queries|inputs|requests)\b)",
        r"\b(a |an )?(two|five|ten|fifteen|twenty|thirty|couple of|few)[- ](minute|hour)s? (job|thing|fix|task|change)\b",
        r"\bdefinitely\b",
        r"\bfor sure\b",
    ]
)

HEDGES = compile_cues(
    [
        r"\bit depends\b",
        r"\bdepend(s|ing)? on\b",
        r"\b(usually|typically|generally|often|sometimes|probably|likely|roughly|approximately)\b",
        r"\bin my experience\b",
        r"\b(not|n't) (sure|certain|always|perfect|guaranteed)\b",
        r"(?<!say )(?<!says )(?<!saying )\bI don't know\b",  # telling a model to say it is no hedge
        r"\bassum(e|ing|ption)\b",
        r"\btrade-?offs?\b",
        r"\b(risks?|limitations?|caveats?|failure modes?|edge cases?)\b",
        r"\b(might|may) (not|fail|break|miss|drift|hallucinate)\b",
        r"\bwould (verify|measure|check|test|validate)\b",
        r"\b(I think|I believe|I'd guess|my guess|I'm not sure|I suspect|in most cases|most of the time|not always|tends? to)\b",
        # "every way this could fail" names failures, it does not hedge.
        r"(?<!way this )(?<!ways this )(?<!way it )(?<!ways it )\b(could|can) (fail|break|miss|drift|hallucinate|go wrong)\b",
    ]
)

DISMISS_EVALUATION = compile_cues(
    [
        r"\bno need (to|for) (\w+ )?(evaluat|test|measur|metric|benchmark|monitor|check|eval)\w*",
        r"\b(don't|do not|doesn't|does not|won't|wouldn't|shouldn't) (really )?(need|have) (to )?(\w+ )?(evaluat|test|measur|metric|benchmark|monitor|eval)\w*",
        r"\bjust works\b",
        r"\b(evaluation|evals?|testing|metrics|benchmarks?|monitoring) (is|are) (overkill|unnecessary|a waste|pointless|not needed|not necessary|overrated|not that important)",
        r"\beyeball\w*",
        r"\b(you|we|I|one) can (just |easily )?tell( in [\w ]{1,20}?)? (if|whether|that|when|it)\b(?![^.]{0,30}\b(by looking at|from|off) (the|our) [\w ]{0,20}(rate|numbers?|metrics?|scores?|dashboards?|recall|precision|accuracy))",
        r"\blooks? good to me\b",
        r"\bvibes?[- ]?check\w*",
        r"\bif (the )?(users|customers|people|nobody|no one) (don't |do not |doesn't )?(complain|complains)\b",
        r"\bno complaints\b",
        r"\bskip(ping)? (the )?(evaluation|evals?|testing|tests|metrics)\b",
        r"\btrust the model\b",
        r"\bthe model (is|was) (good|accurate|smart) enough\b",
        r"\bship it and see\b",
        # Quality judged by feel, a glance, or waiting for complaints: measurement dismissed in other words.
        r"\b(by|from|on) (how it feels|the feel|feel|gut( feel(ing)?)?|intuition|instinct|vibes?)\b",
        r"\b(you|we|I)('ll| will| can| could)? (just |usually |pretty much )?(know|tell|see|feel) (it )?(pretty quickly|right away|immediately|straight away|instantly)\b",
        r"\b(it |that |this )?(looks|seems|felt|feels|looked|seemed) (fine|good|right|okay|ok|great|reasonable)( to me| enough)?,? (and|so|then) (we|I|you)('d| would| will|'ll)? (ship|move on|call it|launch|go)\b",
        r"\b(and|then) (just )?call it (done|a day|good)\b",
        r"\b(I|we|you|I\'d|we\'d|you\'d|I\'ll|we\'ll|just)\b[^.,;]{0,25}?\b(spot[- ]check|eyeball|skim|glance at|try|look at|read|check) (a |just )?(few|couple( of)?|handful( of)?|one or two|two or three|three or four|two|three|four|five|ten|a dozen|dozen|fifteen|twenty|(five|ten|fifteen|twenty) or (ten|fifteen|twenty|thirty)|some) (of )?(the )?(\w+ )?(examples|outputs|answers|results|queries|responses|cases|ones|prompts|conversations|samples)\b(?![^.]{0,40}\b(every|each) (day|week|release|sprint)|[^.]{0,40}\b(hundred|thousand|labell?ed|rubric|golden))",
        r"\b(wait|watch) (for|and see|what happens)|\bsee what (happens|sticks)\b",
        r"\bship (it |first )?(and|then) (see|watch|find out|iterate|fix)\b",
        r"\b(users|customers|people|support|the users|our users) (will|would|'ll) (tell|let) (us|you|me)( know)?\b",
        r"\b(we|you)('ll| will) (hear about it|find out soon enough|know soon enough)\b",
        r"\bwatch (slack|twitter|the support (queue|channel)|the channel|for complaints|complaints)\b",
        r"\b(nobody|no one|no-one) (complains|complained|screams|screamed|shouts)\b",
        r"\b(find|figure) (it |that |this )?out in production\b",
        r"\b(don't|do not|never|not) (really )?(bother|bothered) (with |to )?(the )?(measur|test|evaluat|benchmark|metric|eval)\w*",
        r"\b(evals?|evaluations?|testing|tests|metrics|benchmarks?|measuring|measurement) (is|are|feels?|seems?) (overkill|a waste|pointless|overrated|for later|academic|a luxury|nice to have|busywork|bureaucracy|for researchers)\b",
        r"\b(skip|skipping|forget|forget about|no time for|don't need) (the |any |all the )?(formal )?(evals?|evaluation|testing|tests|metrics|benchmarks?|measuring)\b",
        r"\b(trust|rely on) (the model|the llm|it|gpt\w*)( to get it right| to be right)?\b(?! (less|more|only|when|once|after))",
        r"\bthe (model|llm|system)('s| is| was) (good|smart|accurate|capable|reliable) enough\b",
        r"\b(didn't|did not|never|don't|do not|won't|wouldn't) (really |even )?bother (with |to )?(writing |building |running |setting up |doing |making |adding |keeping )?(the |any |an? )?(measur|test|evaluat|benchmark|metric|eval|experiment|a/?b|pilot|holdout)\w*",
        r"\b(you|we|I|one) (could|can|would) (just |easily |literally )?(see|tell) (from|by looking|just by|straight away|right away|that it|it (working|work|works))\b(?![^.]{0,30}\b(at|from|off) (the|our) [\w ]{0,20}(rate|numbers?|metrics?|scores?|dashboards?|recall|precision|accuracy))",
        r"\b(we'll|we will|you'll|let's|we'd) (just )?see (in|once (it's )?in) (prod|production)\b|\bsee how it goes\b",
        r"\b(building|making|creating|writing) (a |an )?(labell?ed set|test set|evals?|tests|metrics|benchmarks?)[^.]{0,30}\b(would have|would've|would|will) (just )?(slow|slowed|waste|wasted)\b",
        r"\b(the demo|it|the prototype) (looked|went|was) (great|really well|amazing|good)[^.]{0,60}\b(so|and) (we|I) (turned|shipped|rolled|launched|moved)\b",
        r"\b(felt|feels|seemed) (a lot |much )?better when I tried it\b|\bnumbers (don't|do not) (add|tell|mean) (you )?(much|anything)\b",
        r"\b(if|when) (the |our )?(vp|ceo|boss|manager|person|exec|executive|stakeholder|customer|cto)\b[^.]{0,40}\blikes? it\b",
        r"\b(there's|there is) nothing to (measure|test|evaluate|check)\b|\b(don't|do not|no longer|stopped) (measur|test|evaluat)\w* (it|them|that)( anymore)?\b",
        r"\b(we|I) (just )?put (both|it|them) in front of (the |a |our )?(vp|ceo|boss|manager|exec|team|stakeholders?)\b",
        # A proxy taken for the measure (the model's own confidence as its accuracy), a labelled set
        # never made, judging by ear, a check declared unneeded, a number called vanity.
        r"\b(what (we|I) used|(we|I) used (that|it|the \w+)|I take that|I took that|we took that|we take that|(we|I) (just )?trust(ed)? (that|its|the model's)) as (our |the |its |an? )?(accuracy|quality|precision|recall|correctness|\w+ percent)\b",
        r"\b(never|didn't|did not|don't|do not|won't|wouldn't) (\w+ )?(built|build|make|made|create|created|keep|kept|have|had|bother with) (a |an |any )?([\w-]+ )?(labell?ed|hand[- ]\w+|golden|test|eval\w*|ground[- ]truth|reference) (set|data|dataset|suite|answers)\b",
        r"\b(develop|develops|developed|grow|grows|build|builds) (an? )?(ear|eye|feel|sense) for (it|that|them|this|when)\b",
        r"\bthe numbers (don't|do not|can't|won't|never) (really )?(capture|show|tell|reflect)\b|\brather (\w+ ){1,6}than (set up|setting up|build|building|track|tracking|measure|measuring|have|having) (a |an )?(rate|metric|number|score|pipeline|eval\w*|test\w*|benchmark)",
        r"\b(pilot|trial|tests?|testing|a b test|eval\w*|review|check(ing)?)\b[^.]{0,50}\b(there was|there's|there is|there'd be) no need\b",
        r"\b(bother|bothered) (with |to )?(writing |building |running |setting up |doing |making |adding |keeping )?(the |any |an? )?(measur|test|evaluat|benchmark|metric|eval|accuracy|score|number|figure|experiment|a/?b|pilot|holdout|comparison)\w*",
        r"\b(number|numbers|metric|metrics|score|scores|figure)( like (that|this))? (is|are|'s) (just )?(a )?vanity\b",
        r"\b(I|we|you|I\'d|we\'d|you\'d|I\'ll|we\'ll|just)\b[^.,;]{0,25}?\b(look|go|read|skim) through (a |just )?(few|couple( of)?|handful( of)?|one or two|two or three|some) (of )?(the )?(\w+ )?(examples|outputs|answers|results|ones|cases|samples|responses)\b(?![^.]{0,40}\b(every|each) (day|week|release|sprint)|[^.]{0,40}\b(hundred|thousand|labell?ed|rubric|golden))",
        # Measurement named and then waved off: not needed (the object left unsaid), impossible or
        # meaningless, skipped, theatre, left alone; quality read off silence, a counterfactual
        # complaint, a feeling, or the team's agreement; a judge's score taken as the truth.
        r"\b(measur|evaluat|test|check|scor|grad)\w*\b[^.?!]{0,60}\b(I don't think|I don't|we don't|you don't) (you |we |I )?(really )?need (to|it|one|them)\b(?! (be|more|a|an|the)\b)",
        r"\b(don't|do not) think (you|we|anyone|I) (really )?(need|have) to (\w+ )?(evaluat|test|measur|benchmark|monitor|check|eval|grad|scor)\w*",
        r"\b(can't|cannot|can not|no way to|not sure (it's|that's|it is) something you can|not something you can) (really )?put a number on\b|\b(put|putting) a (score|number|metric) on\b[^.]{0,50}\b(fool's errand|pointless|a waste|meaningless|impossible)\b",
        r"\b(any|the|a) (rate|number|score|metric|figure)s? (you|we|anyone) (come up with|get|pick|use|could get)\b[^.]{0,30}\b(meaningless|useless|pointless|made up|noise|fiction)\b|\bleave the (measuring|testing|evaluation|eval|metrics?|numbers?) (side |part |stuff )?(alone|aside|out)\b",
        r"\bskip(ped|ping|s)? (any|all) (kind of |sort of )?(checking|testing|evaluation|review|measur\w*|experiment\w*)\b|\b(didn't|did not|never|don't|do not|wouldn't) (really )?(dig|look|get) into (the |any )?(metrics|numbers|data|analytics)\b",
        r"\bwhat (I|we) (don't|do not|didn't|did not|never) (do|did) is (check|test|measur|evaluat|validat|compar)\w*\b|\bno (point|sense) (in )?(checking|testing|measuring|evaluating|comparing|validating|grading|scoring)\b(?! (every|each|all|the whole))",
        r"\b(nobody|no one)('s| has| have) (complained|said anything|pushed back|noticed)\b|\b(didn't|did not|haven't|have not|never) (get|got|had|hear|heard|receive|received) (any |a single |one )?complaints?\b|\bnot that (anyone|anybody|we|I) (noticed|could tell)\b|\b(nobody|no one)('s| is) (complaining|screaming|shouting)\b",
        r"\bif (it|the \w+|they|the answers) (wasn't|weren't|isn't|was not|were not|were) (helping|working|good|bad|wrong|giving bad)\b[^.]{0,60}\b(they'd|we'd|you'd|people would|users would|customers would|engineers would) (be (in|on|all over)|be complaining|hear about it|tell us|complain|let us know|shout)\b|\b(we'd|we would|you'd|you would) hear about it\b",
        r"\b(testing|tests|evals?|evaluation|checking|checks|measuring|metrics|review|grading|question sets?)\b[^.,;]{0,30}\b(is|are|'s) (mostly |just |really |pure |basically |all )?(theatre|theater|for show|a formality|meaningless|too subjective|ceremony|admin|paperwork)\b|\bthe (real )?users are the test\b",
        r"\b(you|we|I|one) can (just |really )?(feel|sense) (it|that|the difference)?\s*(when|if|whether|that)\b(?=[^.]{0,40}\b(good|better|right|working|works|off|wrong|bad)\b)|\b(everyone|everybody|the (whole )?team|we all) (agreed|felt|thought) it was (better|good|great|fine),? so (we|I) (shipped|launched|rolled|went live)\b",
        r"\bwhatever (score|number|grade|answer|rating) it gives( us| you)? is the (score|answer|truth|grade)\b",
        r"\b(didn't|did not|never|won't|wouldn't|don't) (go down the road of|get into|bother going into) (grading|scoring|measuring|testing|evaluat\w*|building an? (question|test|eval\w*|labell?ed) set)\b|\bthat's (your|our|the) (quality|accuracy|eval\w*|metric) (check )?right there\b",
        r"\b(wouldn't|won't|don't|didn't|never) (write|add|build|run) (anything|any(thing)? \w+|a thing|tests?|checks?) to (check|test|verify|validate)\b",
        r"\b(monitoring|dashboards?|alerts?|alerting)\b[^.?!]{0,80}\b(don't think it's|isn't|is not|wouldn't be|not) worth (it|the (effort|time|bother|trouble))\b|\b(a |the |any )?(dashboard|monitoring|alert|metric)s? (can't|cannot|won't|wouldn't|couldn't) (see|catch|spot) (something|anything|this|that|it)\b",
        r"\b(I|we) (said|told (her|him|them|the team)|answered|replied) (that )?(there was|there's|there is|it was) no need(?=\s*[,.;]| for (it|that|one|a pilot|a trial|testing|tests|an? eval\w*))|\bI('d| had)? (read|seen|tried|looked at) enough (of (them|it|those) )?(myself )?([\w-]+ ){0,4}to know\b",
        # The model grading itself, taken at its word; quality judged by feel or by how obvious it looks; a formal measure waved off.
        r"\b(score|scores|scored|grade|grades|graded|rate|rates|rated|judge|judges|check|checks|mark|marks)\b (\w+ ){0,2}its own (reply|replies|answers?|outputs?|work|responses?)\b|\btake (it|the model|the llm|the judge|that|the number|its [\w-]+) at its word\b|\btake (the model's|the judge's|its|the llm's) ([\w-]+ )?at face value\b|\b(it|the model|the llm) knows better than (we|us|I|me|the humans|people|a person)\b",
        r"\b(get|gets|develop|have|got) a (good |real )?feel for (it|whether|when|if|how|what)\b|\b(it's|it is|it gets) (pretty |fairly |really )?obvious (when|whether|if) (the )?(results?|answers?|outputs?|it|something)\b|\bnothing (looked|looks|seemed|seems) off\b|\bI wouldn't overthink (that|it|this)\b",
        r"\b(don't|do not) (think )?(you |we )?(really )?need (a |an |any )?(formal|proper|real|fancy|elaborate|big|whole) (metric|measurement|scoring|benchmark|eval\w*|test set|process|framework|programme|program)\b|\bpaper exercise\b|\b(better|tougher|harder|truer|more honest|bigger) test than (any|a) (spreadsheet|benchmark|metric|eval\w*|dashboard|number|score)\b",
        # A number given no weight, or called theatre; silence taken as the measure.
        r"\b(don't|do not|wouldn't|would not|never) put (much|any) (weight|stock|faith) (on|in) (the |that |an? )?(accuracy|number|numbers|metric|metrics|score|scores|eval\w*|benchmark\w*)\b|\b(the )?(number|numbers|accuracy|score|scores|metric|metrics)('s| is| are)? (kind of |sort of |just |mostly |pure |basically )?(theatre|theater|for show|for the (slides?|slide deck|deck))\b",
        r"\b(nobody|no one)('s| is) complaining\b|\bthe way (we|I|you) know (it's|it is) (working|good|right|fine|doing its job) is\b(?![^.]{0,60}\b(eval\w*|metrics?|test set|golden|recall|precision|accuracy|labell?ed|sample|rate)\b)",
        # Evaluation said not to have been done, with no replacement.
        r"\b(didn't|did not|never) (do|run|build|write|set up) (any|an?) (eval|evals|evaluation|measurement|benchmark)( thing| stuff| of any kind)?\b",
    ]
)

# Dismissal by composition, for any topic: the candidate declines to engage with something (won't
# bother with it, never checked it, it is not their concern) or calls it worthless (busywork,
# overkill, a made-up number, next to nothing). It dismisses a topic when one of the topic's objects
# stands beside it in the sentence (EVALUATION_OBJECTS, COST_OBJECTS): "building an offline eval is
# mostly wasted effort", "the bill's a finance thing", "I wouldn't bother tracking spend".
DISENGAGE = compile_cues(
    [
        r"\b(wouldn't|would not|won't|will not|don't|do not|didn't|did not|never|not going to|not gonna)( really| even| honestly| genuinely| actually| ever)* (bother|try|care|worry|watch|check|track|look at|look into|measure|count|sink (any |much |a lot of )?(time|effort)|spend (any |much |a lot of )?(time|effort)|put (any |much )?(time|effort)|invest (any |much )?(time|effort)|lean on|rely on|think about|think twice about|pay attention to|keep an eye on)\b",
        r"\b(never|didn't|did not|haven't|have not) (really |even |honestly |genuinely |actually )?(checked|looked at|tracked|watched|measured|counted|asked|thought about|bothered)\b",
        r"\bnot (something|a thing|anything) (that )?(I'd|I would|we'd|we would|I|we|I'm|we're) (\w+ )?(be )?(watch|worry|care|think|track|look|bother|spend|focus|measur)\w*",
        r"\b(isn't|is not|wasn't|was not|not) (really |honestly |actually )?(my|our|the team's|engineering's) (concern|problem|department|job|call|area|thing|worry|business|focus)\b",
        r"\b(someone|somebody) else's (problem|concern|job|department|call|thing)\b|\bthe [\w-]+ team's (budget|problem|call|concern|job|thing)\b|\ba (finance|procurement|business|accounting) (thing|problem|question|call)\b|\bfinance's (problem|call|job|thing)\b",
        r"\b(however much|whatever) (it|that|they|this) (takes|costs?|comes to|runs)\b[^.]{0,20}\b(that's what it|it's worth|fine|who cares)\b|\bthat's what it takes\b",
        r"\bwho cares\b",
        r"\b(that's|that is|it's|it is) (just |really |honestly )?a (hardware|infra|infrastructure|ops|scaling|money|budget|procurement) (problem|issue|question|thing)\b|\bas many (\w+ )?(machines|gpus|servers|nodes|instances|boxes|workers) as (it takes|we need|you need|needed|it needs)\b",
        # The general vocabulary of not engaging: leaving it to others, not losing sleep, out of scope.
        r"\b(I'd|I would|we'd|we|I) (just )?(leave|leaves|left) (that|it|this|those|the [\w-]+( [\w-]+)?) (to|for) (finance|procurement|the \w+ team|someone else|somebody else|later|another day|the business|ops|them)\b",
        r"\b(not|never|won't|wouldn't|don't) (going to |gonna )?(lose|losing|lost) (any )?sleep (over|about)\b|\b(isn't|is not|wasn't|not) (really )?on (my|our) radar\b|\b(that's|that is|it's) (out of scope|not my area|above my pay grade)\b",
        r"\b(I'd|I would|we'd|we would|we|I) (just )?(ignore|ignored|skip|skipped|park|parked|punt on|punted on|wave off|waved off) (it|that|this|those|the \w+)( for now| entirely| completely)?\b",
        r"\b(I'm|I am|we're|we are) not (too |really |that |very )?(fussed|bothered|worried|concerned|precious) (about|with)\b|\b(doesn't|does not) (really )?(keep me up|worry me|bother me)\b",
    ]
)
WORTHLESS = compile_cues(
    [
        r"\b(a |mostly |just |pure |a total |a complete |kind of |basically )?(waste of (time|effort|money|energy)|wasted (effort|time)|busywork|busy work|overkill|made[- ]up (number|metric|score)|meaningless|pointless|theatre|theater|ceremony)\b",
        r"\b(not|isn't|wasn't|never) (really )?worth (it|the (time|effort|bother|trouble))\b",
        r"\b(next to|basically|practically|pretty much|almost) (nothing|free)\b|\b(is|are|'s|'re) (basically |pretty much |practically |just )?free (now|these days|nowadays|at this point|anyway)\b|\bcheap (now|these days|nowadays|at this point|anyway)\b",
        r"\b(doesn't|does not|don't|do not|won't) (really )?(matter|tell you (much|anything))\b|\b(irrelevant|negligible|not a (concern|priority|factor))\b",
        r"\b(a |just |kind of |more of )?(a )?(distraction|luxury|formality|box[- ]ticking( exercise)?|red tape|bureaucracy|nice[- ]to[- ]have|sideshow|time sink|rabbit hole|navel[- ]gazing|over[- ]?engineering|gold[- ]plating|premature)\b",
        r"\b(for show|for the slides|for the deck|academic|a vanity (metric|number|thing))\b",
    ]
)
PROXY_VERDICTS = compile_cues(
    [
        r"\b(so|and|that's how|that is how|which is how) (we|I) (knew|know|figured|decided|could tell|considered|called) (it|that|the \w+)( was| is)? (working|worked|works|fixed|good|fine|done|right|solved|a success)\b",
        r"\b(that|which|this)('s| is| was) (the|our|your|my) (sign-?off|proof|metric that matters|only (metric|test|number) that matters|real test)\b",
        r"\b(we|I) (considered|called|declared) (it|that|the \w+) (fixed|done|solved|working)\b",
    ]
)
"""A verdict on quality ("so we knew it was working", "that was the sign-off"): a dismissal of
evaluation when nothing measured stands beside it in its sentence (rubrics.detectors)."""

EVALUATION_OBJECTS = compile_cues(
    [
        r"\b(eval|evals|evaluation|evaluations|evaluating|evaluate)\b",
        r"\b(test|labell?ed|golden|held-out|holdout|eval|evaluation|reference) (sets?|data|datasets?|suites?|questions|harness)\b",
        r"\b(benchmarks?|metrics?|measuring|measurement|a/?b tests?|accuracy( number| score| figure)?|comparisons?|offline evals?)\b",
        r"\b(measure|check|test|verify|validate) (it|that|this|them|whether|if|how)\b",
        r"\b(quality checks?|test suites?|ground truth|golden (set|answers)|annotations?|labels|human review|experiments?|the numbers|offline metrics|a scorecard|scoring)\b",
    ]
)
COST_OBJECTS = compile_cues(
    [
        r"\b(cost|costs|spend|spending|the bill|bills|budget|money|price|pricing|charges?|invoice)\b",
        r"\b(tokens|gpus?|compute|api calls|token (usage|bill|count|spend))\b",
        r"\bwhat (it|any of it|that|this|they|each \w+) (ran|runs|costs?|came to|comes to|charged|charges)\b|\bhow (much|many gpus)\b",
        r"\bpaying for itself\b|\bpays? for itself\b",
        r"\b(credits|dollars|what we pay|the (cloud|api|compute|gpu|aws|openai|token) (bill|spend|costs?)|per[- ](token|call|request) (price|pricing|cost))\b",
    ]
)
# After a dismissal, the candidate's own replacement: "a full labelled set was overkill, so we started with fifty hand-checked examples".
ALTERNATIVE = compile_cues(
    [
        r"\b(instead|rather|so (we|I)|but (we|I)|what (we|I) (do|did) is|we (just )?(use|used|run|ran|do|did|built|build|keep|kept|track|tracked|cap|capped))\b",
        r"\b(then|later|after that|until) (we |I )?(put|set|added|capped|tracked|measured|built|ran|started)\b",
    ]
)

EVALUATION_WORDS = compile_cues(
    [
        r"\beval(uat\w+|s)?\b",
        r"\bmetrics?\b",
        r"\bmeasur\w+",
        r"\bbenchmark\w*",
        r"\b(test|golden|held-out|holdout|validation|eval|evaluation) (sets?|data|datasets?|suites?|questions|examples|cases|conversations|prompts|queries|tickets|documents)\b",
        r"\b(accuracy|precision|recall|f1|ndcg|mrr|hit rate|faithfulness|groundedness|relevance score)\b",
        r"\ba/?b test\w*",
        r"\bmonitor\w*",
        r"\bhuman (review|eval\w*|raters?|labell?ers?)\b",
        r"\blabell?ed\b",
        r"\bregression tests?\b",
        r"\bunit tests?\b",
        r"\bhallucination rate\b",
        r"\bllm[- ]as[- ]a[- ]judge\b",
        r"\buser feedback\b",
        r"\b(success|error|failure|resolution|escalation|click-through|conversion|acceptance) rates?\b",
        r"\breview(ed|ing)? a sample\b|\bsample of (\w+ ){0,2}(calls|conversations|answers|outputs|tickets)\b",
        r"\b(llm|model) judges?\b|\bjudge (model|prompt)s?\b|\brubrics?\b",
        r"\bthumbs[- ](up|down)\b|\b(user )?satisfaction\b|\bcsat\b|\bnps\b",
        r"\b(track|tracking|tracked|measure|count|counted|look at|looked at|log|logged) (how (many|often|much|long)|the (rate|share|percentage|number|fraction) of)\b",
        r"\b(deflection|containment|handoff|hand-off|retention|return|refusal|win|pass|hit|click) rates?\b",
        r"\ba set of (\w+ ){0,2}(examples|conversations|queries|cases|questions|tickets|documents)\b",
        r"\b(check|checked|verify|verified|confirm|confirmed|compare|compared) (that |whether |if )?(it|they|the (answers?|outputs?|results?|bookings?|extractions?)) (\w+ ){0,3}(against|recalled|matched|match|answered|found|returned|were|was)\b",
        r"\bsampled?\b[^.]{0,40}\b(every|each) (day|week|month|release)\b",
        r"\bground[- ]truth\b|\bbaselines?\b|\bcompared? (it |them )?(against|with|to) (the )?(old|previous|current|existing|baseline)\b",
        r"\b(had|have|get|got) (two |a few |some |our )?(people|reviewers|annotators|experts|raters|graders|humans|moderators|agents) (grade|rate|review|label|score|check|mark)\w*\b",
        r"\b(offline|online) (eval\w*|metrics?|tests?|experiments?)\b|\bshadow (mode|traffic|deployment)\b|\berror analysis\b|\bred[- ]team\w*\b",
        r"\b(success|acceptance) criteria\b|\bkpis?\b|\bexact match\b|\bpass ?@ ?k\b|\b(bleu|rouge)\b",
        r"\b(tested|test|testing) (it|them|this|that|the \w+) (on|against|with) \w+",
        r"\b(pull|pulls|pulled|pulling|pick|picks|picked|take|takes|took|grab|grabs|grabbed) (\w+ ){0,3}(real|actual|past|old|random|recent) (tickets|queries|conversations|examples|documents|calls|requests|questions|emails|chats)\b",
        r"\b(mark|marks|marked|marking|checked|grade|grades|graded|grading) (which|whether|if|each|every|it|them|the answers?|the results?)\b|\breference answers?\b|\bas the reference\b|\bwith known answers\b",
        # A person's verdict on the output ("a model scores each item" is ranking, not a check).
        r"\b(mark|marks|marked|marking|check|checks|checked|grade|grades|graded|grading|score|scores|scored|scoring|rate|rates|rated|rating|judge|judges|judged) ([\w'-]+ ){0,7}?(whether|as (right|wrong|correct|solved|good|bad|usable)|on whether|solved|right or wrong)\b",
        # Quality checked in everyday words: a random sample read, old and new compared, a group held back.
        r"\b(read|reads|reading|go(es)? through|went through|review\w*|check\w*|look(s|ed)? (at|over|through)) (a |the |every |each )?(random |weekly |daily |fresh )?(sample|batch|selection)\b|\b(read|reads|go through|went through) (a |the )?random\b",
        r"\b(run|runs|ran|send|sends|sent|replay\w*) (\w+ ){0,4}(saved|recorded|logged|real|past|old|recent|held-back) (requests|prompts|queries|traffic|conversations|tickets|calls|inputs)\b[^.]{0,40}\b(both|compar\w*|differences|side by side|old and new)\b",
        r"\b(compare|compares|compared|comparing|read|reads) (\w+ ){0,3}(old and new|the differences|both versions|side by side|before and after)\b|\bside[- ]by[- ]side\b",
        r"\bhold(s|ing)? back (\w+ ){0,3}(users?|traffic|customers|percent|one in \w+)\b|\bholdbacks?\b|\bcontrol group\b",
        r"\b(see|know|check|watch|count|track) how often\b|\b(watch|track|chart|plot) (that|the|this) (share|rate|number|percentage|figure)\b",
        r"\b(real|actual|past) (questions|tickets|queries|requests|conversations)\b[^.]{0,40}\b(with|and) (the |their )?(answers|expected|right answers|correct answers)\b",
        r"\b(watch|watched|watching|track|tracked|tracking|monitor\w*) (its |the |their |our )?(score|prediction|output|confidence)s? distributions?\b|\b(did|do|does|run|ran|runs) (the |a )?(real |proper |fair |side-by-side )?comparisons?\b",
        r"\bagree(d|s)? with (our|the|human) ([\w'-]+ ){0,2}(people|raters|reviewers|labels|graders|annotators|experts)\b",
        r"\bthumb(s|ed)?[- ]?(up|down)s?\b|\b(logged|tracked|counted|watched|measured|track|log|count|watch) (which|whether|how (much|many|often|long))\b",
        r"\b(put it|rolled it out|showed it) (in front of|to) ([\w'-]+ ){0,2}(percent|%) of\b|\breplay(ed|ing)? ([\w'-]+ ){0,3}(searches|requests|queries|traffic|logs|conversations|calls)\b",
        r"\b(chargeback|fraud|false positive|false negative|approval|decline|churn|error|copy|accept) rates?\b|\b(watched|monitored|tracked|alerts? on) ([\w'-]+ ){0,3}drift\b",
        r"\bto (check|test|verify|validate) (it|that|this|whether|if)\b",
        # A regular sample read by a person, answers scored right or wrong, real cases kept with theirs.
        r"\bsampl(e|es|ed|ing)\b[^.]{0,60}\b(a|per|every|each) (day|week|month|release|sprint)\b",
        r"\b(score|scores|scored|scoring|mark|marks|grade|grades|graded) (them |it |each |every |the answers? )?(as )?(correct|right|wrong|accurate|cited|grounded|faithful)\b",
        r"\breal (\w+ ){0,2}(tickets|questions|queries|conversations|emails|cases|calls) with (the |their )?(answers?|expected|right answers?|correct answers?|reference)\b",
        r"\b(rated|rate|rates|rating|scored|score|scores|grade|graded|grades) (each|every|the|all|a sample of)? ?([\w-]+ ){0,2}(on a scale|one to (five|ten)|1 to (5|10)|out of (five|ten|5|10)|from one to)\b",
        r"\b(weekly|daily|monthly|nightly|regular|random|blind) ([\w-]+ ){0,1}(sample|samples|review|reviews|audit|audits|spot[- ]checks?)\b",
        # A person reading or rating outputs on a schedule, a rate taken over the outputs, a judge.
        r"\b(listen(s|ed|ing)? to|read|reads|review\w*|check\w*|go(es)? through|went through|look(s|ed)? at|scor(e|es|ed|ing)|grad(e|es|ed|ing)|rat(e|es|ed|ing)) (\w+ ){0,2}(random |recent |sampled )?(calls|answers|conversations|tickets|reports|outputs|responses|transcripts|summaries|chats|emails|documents|samples|replies|results)\b[^.]{0,40}\b(a|per|every|each) (day|week|month|release|sprint|quarter)\b",
        r"\b(the )?(percent|percentage|share|fraction|proportion) of (\w+ ){0,2}(sentences|answers|calls|tickets|queries|requests|conversations|outputs|responses|users|documents|cases|replies|summaries|predictions|bookings)\b",
        r"\b(a|the|an llm|our) judges?\b",
        r"\breplay(ed|ing|s)? ([\w'-]+ ){0,5}(traffic|requests|queries|conversations|calls|logs)\b[^.]{0,60}\b(both|compar\w*|side by side)\b",
        # The known answers to check against, and the comparison rerun.
        r"\banswer keys?\b|\bcompared? (it |them |the \w+ )?(field by field|line by line|one by one|case by case)\b|\b(re)?(run|runs|ran|do|did|repeat)s? (the |that |this |a )?(\w+ )?comparisons?\b",
        r"\b(right|correct|wrong)( about| around| roughly)? (\w+ ){1,2}(in|out of) (a|every|each) (hundred|thousand|ten)\b",
        r"\bhand[- ](checked|checking|labell?ed|labell?ing|graded|grading|reviewed|marked|scored)\b|\b(checked|graded|reviewed|marked|scored) (\w+ ){0,2}(answers|outputs|responses|examples|cases|summaries|results) (against|by hand)\b",
        # Quality checked in a rollout or by hand: A B tests however spelled, a new model shadowed, outputs graded by hand, checked against the right answers.
        r"\ba[ -]?b[ -]test\w*|\bab test\w*|\bshadow(s|ed|ing)? (it|them|the (new |old |next )?[\w-]+)\b|\b(in|on) shadow\b|\bshadow (period|run|phase|week|launch)s?\b",
        r"\b(grade|grades|graded|grading|check|checks|checked|checking|mark|marks|marked|label|labels|labelled|labeled|review|reviewed|score|scored) ([\w'-]+ ){0,4}by hand\b",
        r"\b(with|against|and|to) (the|their|its) (right|correct|expected|known|true|gold) (answers?|labels?|outputs?|pages?|sections?|values?|fields?|results?)\b|\b(answer|output|result|extraction)s? (matches|match|matched) (the |what )\b",
        r"\b(people|reviewers|humans|two of us|someone|agents|we|they|nurses|experts|the team) (listen|listens|read|reads|go through|went through) ([\w'-]+ ){0,3}(and|,) (mark|marks|grade|grades|score|scores|rate|rates|label|labels|check|checks|tick|flag)\b",
        r"\b(hang-?up|transfer|abandon\w*|drop-?off|bounce|completion|fallback|override|correction|edit|rejection|dispute|complaint|repeat|thumbs-?down|flag) rates?\b",
        # Outputs matched against the truth and the misses counted.
        r"\b(match|matched|matching|compare|compared|comparing|check|checked|checking) (it|them|each [\w-]+|every [\w-]+|the [\w-]+)( [\w-]+)? against\b|\bcount(s|ed|ing)? (the )?(mismatches|misses|errors|failures|mistakes|wrong ones|bad ones)\b",
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
        # Cost waved away while naming it: spend, tokens or the bill are someone else's problem, or later.
        r"\b(the )?(token |gpu |api |cloud |inference |compute |llm )?(bill|spend|spending|costs?|budget|tokens|price|money) (is|are|'s) (a problem for|someone else's|finance's|not my|not our|for later|a later problem|whatever|irrelevant|secondary|an afterthought|the least of|not something (I|we))",
        r"\b(whatever|however much) (we|it|they|you) (spend|spends|cost|costs|burn|burns)\b",
        r"\b(worry|think|care) about (the )?(cost|costs|spend|spending|bill|tokens|budget|price|money) later\b",
        r"\b(optimi[sz]e|cut|deal with|figure out|sort out|look at|handle|fix) (the )?(cost|costs|spend|spending|bill|budget|tokens) (later|down the (road|line)|eventually|another time|some other time)\b",
        r"\b(don't|do not|wouldn't|won't|never) (really )?(care|mind|worry) (how (much|many)|what it costs|about (the )?(cost|price|money|spend|budget|tokens|bill))",
        r"\b(burn|burning|throw|throwing) (through )?(tokens|money|cash|gpus|compute)\b",
        r"\bmoney (is|isn't|is not|'s) (no object|not (a|the) (problem|issue|concern))\b",
        r"\b(we|they|you) (have|'ve got|got) (plenty of|lots of|unlimited|free|tons of) (credits|budget|money|gpus|compute)\b",
        r"\bcost (doesn't|does not|won't|will not|never) (come into it|matter|factor in)\b",
        r"\b(not|never) (going to|gonna) (worry|think) about (the )?(cost|costs|spend|tokens|bill|money)\b",
        r"\b(cost|costs|spend|the bill|tokens|money) (aside|doesn't really matter|is not my department|isn't my department)\b",
        r"\b(didn't|did not|never|don't|do not|won't|wouldn't) (really |even |honestly |actually )?(look at|check|track|think about|worry about|care about|consider|watch|bother with) (the |our |any |what )?(api |token |gpu |cloud |llm |inference )?(bill|bills|cost|costs|spend|spending|budget|price|pricing|it costs?)\b",
        r"\b(cost|costs|the bill|spend|spending|price|money|budget|tokens) (just |really |honestly )?(wasn't|was not|isn't|is not|never was|was never) (something|a thing|anything|a concern|a priority|an issue|on (my|our) radar)( (we|I) (thought|worried|cared) about)?\b",
        r"\b(it's|it is) only money\b|\bwho cares (what|how much)\b|\b(on|to) the company card\b|\bthe biggest (gpu|box|machine|instance|cluster)s?\b",
        r"\b(somebody|someone) else's (problem|concern|job|department)\b|\b(money|cost|costs|the bill|spend|the money side|budget) (side )?(was|is|'s) (finance's|someone else's|not my|not our) (thing|problem|job|department|call)\b",
        r"\b(compute|gpus?|tokens|inference|storage|cloud|api calls|hardware) (is|are) (cheap|basically free|free|nothing|dirt cheap)( these days| now| nowadays)?\b|\bnot think twice about\b",
        r"\b(didn't|did not|never|don't|do not) (really |even |honestly |actually )?(looked|checked|tracked|watched) at? ?(the |our |any )?(api |token |gpu |cloud )?(bill|bills|cost|costs|spend|invoice)\b",
        r"\b(we've got|we have|we got|there's) (a (big |huge )?(pile|bunch|ton|load|lot) of|plenty of|lots of|tons of) (credits|budget|money|gpus)\b|\b(not|isn't) the thing to optimi[sz]e\b",
        r"\b(the )?(api |token |gpu |cloud |llm |inference |compute )?(bill|invoice|spend|costs?|money) (isn't|is not|wasn't|was not) (my|our) (department|problem|concern|job|call|area)\b|\bfinance (handles|sorts|deals with|worries about|pays (for )?)(it|that|this|them|the bill|those)\b",
        # Spend waved off in other words: a rounding error, worth whatever it charges, never looked at.
        r"\b(tokens?|costs?|spend|price|the bill|api (costs?|bills?)|compute|gpus?|that)\b[^.]{0,30}\b(is|are|'s|'re) (just |only )?(a )?rounding error\b",
        r"\bworth whatever (it|that|the \w+|they|\w+) (costs?|charges?)\b|\bwhatever (the \w+ )?(it |they )?(costs?|charges?) (for it|us|them)?\b(?=[^.]{0,30}\b(worth|fine|pay))",
        r"\b(didn't|did not|never|don't|do not|won't) (even )?(look at|check|ask|think about|care|bother with) (what|how much) (it|that|this|the [\w-]+|that [\w-]+) (ran|runs|cost|costs|came to|comes to|charged|charges)( us| me| them)?\b",
        r"\b(don't|do not|never|won't|wouldn't|shouldn't) ration\b",
        # Refusing to economise: "I'm not going to trim it to shave the invoice", "I don't want to cut test cases to save".
        r"\b(not going to|not gonna|won't|wouldn't|don't want to|do not want to|refuse to|I'm not about to)( sit there| bother| start| really)? ([\w'-]+ ){0,3}?(cut|cutting|trim|trimming|cap|capping|limit|limiting|shave|shaving|skimp|skimping|ration|rationing|squeeze|squeezing|economi[sz]\w+|penny-pinch\w*)\b[^.;]{0,60}\b(to save|to shave|for (a few|some) (bucks|pennies|dollars|cents)|on the (\w+ )?(bill|invoice))\b",
        # Resources without limit and spend shrugged: as many machines as it takes, eating the bill, pennies, no point being stingy.
        r"\bas many (\w+ )?(machines|gpus|servers|nodes|instances|boxes|workers|calls|tokens) as (it takes|we need|you need|needed|it needs|they need|you want|it wants)\b",
        r"\b(we|I|you) (just )?eat (it|the (cost|bill|spend|charge)|that)\b(?=[^.]{0,40}\b(cost|bill|charge|spend|pay|dollars|money|fine|whatever)\b)|\bwhatever (the )?(cloud|provider|api|vendor|openai|aws) charges\b",
        r"\b(it's|it is|that's|that is|they're|tokens are|the tokens are) (just )?(pennies|peanuts|chump change|small change|loose change|a line item)\b|\bno point (in )?being (stingy|cheap|frugal|careful|tight)\b|\b(stop|quit) worrying about (that|it|the (cost|bill|price|spend|tokens?))\b",
        # Refusing to economise in a word.
        r"\b(don't|do not|never|won't|wouldn't|shouldn't) (penny-?pinch|skimp|scrimp|cheap out)\w*\b",
    ]
)

COST_WORDS = compile_cues(
    [
        r"\bcost\w*",
        r"\bbudget\w*",
        r"\bspend\w*",
        r"\b(expensive|cheap|cheaper|cheapest)\b",
        r"\bdollars?\b|\$\d",
        r"\bper[- ](token|request|query|call|1k|million)\b",
        r"\btoken (cost|usage|budget|spend|count)s?\b",
        r"\bgpu[- ]hours?\b",
        r"\b(cheaper|distilled) models?\b|\bsmaller models?\b(?=[^.]{0,60}\b(cheap\w*|cost\w*|money|spend|bill|budget|price|dollars?|cents?)\b)",
        r"\bdistil\w*",
        r"\bquantiz\w*",
        r"\bbatching\b",
        r"\b(roi|margins?|bill|billing)\b",
        r"\bpric(ing|ey|ier|iest|ed)\b|\bprice (of|per|is|was|tag|point|difference)\b|\bcostlier\b",
        r"\bmoney\b|\bcents?\b|\b(cap|limit|ceiling) (of|on) (\w+ ){0,3}(calls|steps|tokens|requests|dollars|spend)\b",
        r"\b(our|the|monthly|api|cloud|openai|aws|gpu|provider's) invoices?\b(?! (number|date|data|total|fields?|pages?|images?|layouts?|extraction))|\bgrand\b|\bmonthly (number|bill|spend|cost)\b|\bpa(id|ying) (for )?(them |it |tokens )?(on|per|for) (every|each)\b|\byou're paying for\b|\bwhat we paid\b",
        r"\b(more|fewer) (gpus?|machines|servers) than we had\b|\bbuy(ing)? (more|extra) (gpus?|hardware|servers|capacity|compute)\b|\b(serving|gpu|cloud|aws|api) bill\b",
        r"\bsav(e|ed|es|ing) (us )?([\w'-]+ ){0,4}(on|in) (tokens|compute|gpus?|spend|the bill)\b|\b(a|\w+) (hundred|thousand|k) (dollars )?a (month|year|day)\b",
        # An amount put on a choice: what it would run us, GPU time, tokens per question.
        r"\b(would|will|'d|'ll|does|did|could) (run|set) (us|you|them|the team) (back )?(about |around |roughly |maybe )?(a few|a couple|\w+) (hundred|thousand|grand|k|dollars|bucks)\b",
        r"\bgpu (time|hours?|costs?|spend|bills?)\b|\btokens? (of [\w-]+ )?(per|a|each|every) (question|request|call|query|answer|turn|conversation|user|day|month|ticket|document)\b",
        # Money and usage in everyday words: what was spent, paid, or used up in calls and tokens, and quotas.
        r"\bspent\b(?=[^.]{0,40}\b(month|week|day|year|euros?|dollars?|pounds?|bucks|k\b|on (the )?(api|gpus?|tokens|compute|cloud|model)))|\b(euros?|pounds|quid|bucks|rupees)\b",
        r"\bpa(y|ys|id|ying) for (the|each|every|a|those|that|this|all) ([\w-]+ )?(calls?|requests?|quer(y|ies)|tokens?|models?|api|gpus?|compute|inference)\b",
        r"\b(times|x) (more|fewer|as many) ([\w-]+ )?(calls|tokens|requests|gpus|machines|servers|compute|inference)\b|\b(more|fewer|extra) (model|api|llm) calls\b",
        r"\b(monthly|daily|weekly|per-team|per team|token) (limits?|quotas?|caps?|allowances?)\b|\bquotas?\b",
        # Hardware as the price of a choice: a fraction of the machines, the extra hardware.
        r"\b(fraction|half|a third|a quarter|twice|double) (of )?(the )?(machines|hardware|gpus|servers|compute|boxes|nodes)\b|\b(earns?|justif(y|ies)|worth|pays? for|buys?)\b[^.]{0,20}\b(the )?(extra|more) (hardware|machines|gpus|servers|compute|boxes|nodes)\b",
    ]
)

DENY_TRADEOFFS = compile_cues(
    [
        r"\bno (real )?(trade-?offs?|downsides?|drawbacks?|disadvantages?)\b",
        r"\bthere('s| is| are) nothing (to lose|to give up|lost)\b",
        r"\bno (real )?reason to (use|consider|bother|look at|pin|pick|choose|keep|add|switch|run|pay for|try|tune|fine-?tune|go)\b",
        r"\bno-?brainer\b",
        r"\bone size fits all\b",
        r"\b(better|superior|the way to go|the winner|the right call),? (period|full stop|end of story|hands down|no question|no contest)\b",
        r"\b(hands down|no contest|no comparison|not even close)\b",
        r"\bthere's no (reason|point) (to|in) (use|using|consider|considering|look|looking|bother|bothering)\b",
        r"\b(nothing|no) (real )?(downside|catch|cost to it)\b",
        r"\bwhy would (you|anyone) (use|pick|choose) anything else\b",
        r"\bonly (one )?(sane|sensible|real|good|right|serious) (way|option|choice|answer)\b|\bwins on every (axis|front|dimension|count)\b",
        r"\b(don't|do not|can't|cannot) (really )?see (any|a|the) (real )?(downside|drawback|tradeoff|trade-off|reason|point|case|catch)s?\b|\b(don't|do not|can't|cannot) (really )?see what (you'd|you would|we'd|anyone would) lose\b",
        r"\bno argument for (anything|any(thing)? else|the others?)\b|\b(the )?other (approaches|options|ways|choices) (are|is) (just |simply )?(wrong|pointless|worse|a waste)\b",
        r"\b(is|are) (just )?a toy\b|\bbetter at everything\b|\bnothing to think about\b|\bbeats (\w+ ){0,4}every time\b",
        # A choice said to give up nothing: free, pure gain, no penalty, nothing lost, more is better.
        r"\b(doesn't|does not|won't|will not|never) (really )?(cost|costs) (you |us |them )?(a thing|anything|a penny|a cent|nothing)\b|\b(free|pure|a free) (speed|gain|win|lunch|upgrade|accuracy|recall)\b|\bpure gain\b",
        r"\b(you|we) (lose|give up|sacrifice) nothing\b|\bno (penalty|price|cost) (for|to|in)\b|\bnobody (gets|is) (hurt|worse off)\b",
        r"\bthe (higher|bigger|more|larger|longer|lower|smaller) the better\b|\b(the )?more (\w+ )?is (always )?better\b",
        r"\b(can't|cannot|don't|do not) see (it|that|this|them) (hurting|costing|hurt|cost) (anything|anyone|us|you)\b",
        r"\bnothing (about|in) (that|it|this) (you'd|you would|we'd|anyone would) (want to )?(go back|miss|give up)\b",
        # What is given up denied outright: the choice costs or loses nothing, nobody pays for it, there
        # is nothing to weigh, no case for any other option, or no situation where the other one wins.
        r"\b(costs?|loses?|hurts?) (you|us|them|anyone|the (user|users|customer|customers)) (nothing|no one|nobody)\b(?! (up front|to (try|start|run|set up)|extra))|\b(hurts?|costs?) (no one|nobody)\b|\b(nobody|no one)('s| is| gets| got| ever gets) (hurt|harmed|worse off)\b",
        r"\bnothing (you|we|anyone|they)('d| would| will)? (lose|give up|sacrifice|miss)\b",
        r"\bnothing (here )?to (weigh|trade|trade off|decide|agoni[sz]e over|think twice about)\b|\bnot (really )?(a|the) (decision|choice|call|question) (you|we|anyone|I) (need|needs|have|has) to (agoni[sz]e|think|worry|deliberate|lose sleep)\w*",
        r"\b(isn't|is not|there's no|there is no|there isn't|there's not) (really )?(a |any )?(case|argument|use case|reason) (left )?(for|to use|to pick|to choose) (the other|anything else|the others?|any other|the alternatives?)\b",
        r"\bthere('s| is) (no|never a|not a single|not one) (scenario|situation|case|size|point|world|setting|workload|query|dataset|time)s? (where|in which|when)\b(?=[^.]{0,100}\b(over|than|instead|other|else|just one|only one|more|less|hurts?|helps?|gains?|gets? you|lose|better|worse|beats?|wins?)\b|[^.]{0,30}\b(you'd|you would|anyone would|we'd|you) (ever )?(want|prefer|pick|choose|use|need)\b)",
        r"\b(is|'s|are|'re) (basically |just |honestly |kind of |pretty much )?(a |an )?(museum piece|relic|dinosaur|obsolete)\b",
        r"\b(is|'s|are|'re) (really )?the only thing (that )?(matters|counts)\b|\bnothing else (really )?(matters|counts)\b",
        r"\b(is|'s) (just |simply )?not something (you'd|you would|anyone would|we'd|I'd) (ever )?(do|use|consider|bother with|want)\b",
        # No case where the choice loses: pure upside, can't think of (or see) it ever hurting.
        r"\b(pure|all|only|nothing but|just) upside\b|\bupside (only|and no downside)\b",
        r"\b(can't|cannot|can not|couldn't|don't|do not) (really |honestly )?(think of|see|imagine|come up with) (it |that |this |them )?(a |any |one )?(case|situation|scenario|world|time|reason|way)?\s*(where|in which|when|that)? ?(it |that |this |you |you'd |we'd |anyone |they )?(would |could |'d )?(ever )?(hurt|hurting|hurts|cost|costing|costs|lose|losing|loses|backfir\w*|be worse|being worse|go wrong|going wrong|regret)\b",
        r"\bnothing else (is )?(worth|comes close|compares)\b|\bthe best( [\w-]+)?,? (period|full stop|end of story)\b",
        # The other option written off as a thing of the past, so nothing is weighed against it.
        r"\b(is|'s|are|'re|that's|it's|seems?|feels?) (kind of |basically |just |pretty |really |so |a bit )?(outdated|old[- ]school|old hat|an old trick|a crutch|a relic|yesterday's (approach|answer|thing))\b|\bnobody (does|uses|bothers with) (that|it|those|them) any ?more\b",
        # Alternatives waved off as overthinking, as complexity for nothing, or as what nobody serious uses; a choice closed with "period".
        r"\b(no point|no need|no reason) (in |to )?overthink\w*\b(?![^.]{0,40}\b(tell|look|looking|check|checking|see|eyeball\w*|read)\b)|\b(somebody|someone|people|anyone|anybody)( just)? overthinking\b|\bis (somebody|someone) overthinking\b",
        r"\b(complexity|work|effort|overhead|an? (index|step|layer|hop|stage|model))s? for nothing\b|\bnobody (who's|who has|who) ([\w']+ ){0,3}(uses|would use|picks|needs) (them|it|that|those|one)\b",
        r"\bis the (right|only|correct|best) [\w-]+( [\w-]+)?( for (this|that|it))?,? (period|full stop|end of story)\b|\bthe simplest (thing|option|approach|way) is (always )?the best\b",
        # No reason or point even to look at the alternative, none that can be thought of.
        r"\bno (real )?(reason|point|need) (in |to )?(even |ever |really )?(look|looking|consider|considering|tune|tuning|change|changing|try|trying|touch|touching) (at )?(them|it|that|those|these|the (other|others|alternatives?|smaller|bigger|older)|other|alternatives?|smaller|bigger)\b|\b(can't|cannot|couldn't) (genuinely |honestly |really )?think of (a|one|any|a single) (reason|case|situation) (to|where|for|when|you'd)\b",
    ]
)

# A choice called the best or the only one: a denial unless its reason or its condition comes with it
# in the same clause ("a waste of money at our volume, because ..." weighs; "the one you want." does not).
DENY_TRADEOFFS_SOFT = compile_cues(
    [
        r"\b(is|are) (simply|just|always|strictly|clearly) (better|superior|the best)\b",
        r"\bthe only (sensible |real |good )?(option|choice|way|approach|answer)\b",
        r"\b(is|'s|are|was) the (best|right|correct) (approach|option|choice|way|answer|tool|one)\b(?!\W+(depends|for|when|if|here|in))",
        r"\b(is|are) (just )?a waste of (time|money)\b",
        r"\balways (use|pick|choose|go with)\b",
        r"\bnever use\b",
        r"\b(get|got|gets|getting) ([\w'-]+ ){0,3}for free\b",
        r"\b(is|'s|are) (simply |just )?(the|your) (one|option|choice|pick) (you want|to (pick|use|go with|choose))\b",
        r"\b(is|'s) (simply |just )?the answer,? (full stop|period|end of story|no question)\b",
        r"\bI('d| would) (just )?(use|pick|go with|prompt|fine-?tune|choose|take|run)\b[^.,;]{0,30}\b(every time|everywhere|for everything|in every case|across the board)(?=\s*[.,;!]|\s*$)",
        # Values or a choice declared simply right.
        r"\b(those are|these are|that's|that is|it's) (just |simply )?the right (values?|numbers?|settings?|size|choice|defaults?|parameters?)\b",
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
        r"\bit depends\b",
        r"\bweigh(s|ed|ing)?\b",
        r"\balternatives?\b",
        r"\b(faster|slower|cheaper|pricier|more expensive|more accurate|less accurate|simpler|more complex|higher|lower|better|worse)\b[^.]{0,60}\bbut\b",
        r"\b(cheap|expensive|fast|slow|accurate|simple|complex|flexible|robust|easy|hard|powerful)\b,? but\b",
        r"\b(more|less|fewer|higher|lower|better|worse) (\w+ ){0,2}than\b(?! (\d|about|around|roughly|a (few|couple|third|quarter|half|hundred|thousand|day|week|month|minute|second)|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|half|twice|once)\b)",
        r"\btoo (expensive|slow|costly|complex|risky|noisy|brittle)\b",
        r"\b(if|when) (the )?(\w+ ){0,2}(allows?|permits?|justif(y|ies))\b",
        r"\bworth (it|the)\b|\bin return\b|\bat the price of\b",
        r"\bbut\b[^.]{0,60}\b(slower|faster|costs? more|more expensive|less accurate|more complex|harder|worse)\b",
        r"\bfalse positives?\b[^.]{0,80}\bfalse negatives?\b|\bfalse negatives?\b[^.]{0,80}\bfalse positives?\b",
        r"\bprecision[- ](and[- ])?recall (curve|trade-?off|balance)\b|\bprecision (versus|over|against) recall\b",
        r"\b(only|just) (on|for) the (borderline|uncertain|hard|ambiguous|tricky|expensive|rare)\b",
        # Weighing in other words: a cost accepted, a weakness named, an option considered and dropped.
        r"\baccept(ed|ing|s)? (more|some|a few|a bit of|higher|the) (false positives|false negatives|latency|cost|risk|errors|misses|complexity|work)\b",
        r"\b(more|extra|additional) (\w+ ){0,2}(work|ops|effort|latency|complexity|overhead|maintenance|moving parts)\b(?=[^.]{0,40}\bbut\b)|\bsingle point of failure\b",
        r"\b(thought about|considered|looked at|tried|evaluated|weighed) (\w+[ ,]+){0,6}but\b|\bso (\w+ ){0,2}(won|wins|lost)\b",
        r"\bwhere they differ\b|\b(differ|differs) (when|in|on|if)\b|\b(might|may|could) be what you want\b|\byou'd rather (not )?\w+",
        r"\b(run|use|keep|combine) both\b|\bif (the |your )?\w+ (are|is) mostly\b",
        r"\bwasn't worth\b|\bnot worth (it|the)\b|\bworth (\w+ ){0,3}(of|for)\b",
        r"\bon the (flip|other) side\b|\bthe (catch|risk|cost|problem|danger|price) (is|there is|with that)\b|\bpros and cons\b|\bin exchange for\b|\bgive up\b",
        r"\b(it|that|this) (costs?|adds?|means?|hurts?|slows?) (us |you )?(more|extra|some|a bit|latency|money|accuracy|recall)\b",
        r"\b(quicker|faster|easier|cheaper|simpler) to (build|ship|run|start|set up)\b[^.]{0,60}\bbut\b",
        r"\b(another|the other|a second) (option|approach|way)\b|\bthe alternative\b|\bor (we|you) could\b",
        r"\b(prefer|pick|choose|go with|went with|chose|picked) ([\w'-]+ ){0,4}(over|instead of|rather than)\b",
        r"\bif (the )?(latency|cost|budget|accuracy|quality|scale|volume|traffic) (matters|is tight|is critical|is the priority|grows)\b",
        r"\b(quicker|faster|easier|cheaper|simpler|harder|slower|nicer)( to [\w' -]{1,30}?)?,? but\b|\b(does |do )?helps? (on|with|for) [^.,]{0,40},? but\b|\bsaves? \w+,? but\b",
        r"\b(talk about|talked about|discussed|debated) [^.]{0,60}\bbut\b|\bcame up,? but\b|\b(lose|loses|lost) ([\w'-]+ ){0,1}(detail|context|accuracy|recall|information|precision)\b",
        r"\b(heavy|bulky|costly|brittle|fragile|noisy) (to \w+ )?(and|so|but)\b|\bmore (latency|tokens|round trips?|moving parts|overhead)\b",
        r"\b(cheap|easy|quick|fast|simple|small|light|accurate|flexible|robust|powerful|nice|great)( to [\w'-]+)?,? but\b|\bbut (you'd|you|we'd|we|it'd|it) (pay|lose|give up|wait|cost)\b",
        r"\b(tried|try|trying|tested|trialled|piloted)\b[^.]{0,120}\bbut\b",
        # Two options held against each other in plain words: what one gains, what it gives up.
        r"\b(cheaper|pricier|faster|slower|easier|harder|simpler|safer|riskier|quicker|smaller|bigger|larger) than\b",
        r"\bbut (\w+ ){0,2}(drops?|loses?|misses?|bur(y|ies)|hurts?|costs?|slows?|needs?|needed|pushe[sd]|blows?)\b",
        r"\b(went|go|going|gone) back and forth\b|\bsettled on\b",
        r"\b(quick|cheap|fast|easy|simple|small|light)\b[^.,]{0,40},? but\b",
        r"\bbut (it |that |this |they )?also (means?|costs?|makes?|needs?|adds?)\b|\b(can|might|may|could) be (exactly |just )?what you want\b",
        r"\bcompared (to|with)\b",
        r"\bwhereas\b",
        r"\brather than\b",
        r"\bdepend(s|ing)? on\b",
        r"(?<!load )\bbalanc\w+",
        r"\bcost(s|ing)? (us|you|them)\b(?! (nothing|no one|nobody)\b)",
        r"\w \b(while|whereas)\b (a|an|the|it|this|that|they|we|you)\b",
        r"\b(in|as a) (fallback|last resort)\b|\bfall(s)? back to\b",
        r"\b(hopeless|bad|terrible|weak|poor|useless|not great|worse|slow|expensive) (on|at|for|with) \w+",
        r"\b(fumbles?|struggles?|chokes?|blurs?|loses?|falls? (over|apart)|breaks? down|misses?) (on|with|when|at|those|that|the|a lot)\b",
        r"\b(al)?though\b|, while\b",
        r"\b(wins?|is better|does better|works better|helps most|shines|pays off|paid off|is useful|is worth it|is the (safer|better) (bet|choice))\b,? (when|whenever|if|where|once|as long as|on (anything|queries|questions|text|data))\b|\bwhere (it|that|this) (paid|pays) off\b|\bwhere you('ll| will) regret\b",
        r"\ba fraction (of|per [\w-]+ of) (the|what)\b",
        r"\b(if|when) (you|we) (only|just) (ever )?(serve|show|use|run|rely on|optimi[sz]e for|pick|send|train on|keep)\b|\bfor (not much|little|no real|very little) (gain|benefit|upside|improvement)\b",
        r"\b(one more|another|an extra) (thing|system|service|index|database|moving part) to (babysit|maintain|run|manage|look after|keep in sync|operate|pay for)\b",
        r"\bfor (only |just )?(a|one|two|a few|half a|a couple of) (points?|percent|bit|sliver) (of|more|better) ?(accuracy|recall|precision|quality|[\w-]+)?\b|\b(doubled|tripled|quadrupled|halved) (the|our) (bill|cost|spend|latency|price|gpu bill)\b",
        # Options placed by condition: two conditions held against each other ("if the task is stable
        # ...; if the rules move every week ...", "a judge where there isn't"), or one and its otherwise.
        r"\b(if|when)\b[^.?!]{5,160}[,;]\s*(and |but |whereas |while )?(if|when)\b(?! (you|we) (ask|need|want|can)\b)",
        r"\b(if|when)\b[^.?!]{5,160}[.;]\s+(but )?(if|when) (it's|it is|they're|they are|you're|you are|the \w+ (is|are)|your \w+ (is|are)|there's|there is) (not|n't|no|none)\b|\bif (they're|they are|it's|it is) not\b[^.?!]{0,80}\b(the question|then|I'd|you'd|we'd)\b",
        r"\b(if|when|where)\b[^.?!]{5,160}\b(otherwise|if not|or else)\b|\bwhere (there's|there is|it's|it is)\b[^.?!]{3,80}\bwhere (there isn't|there's not|it isn't|it's not|there is no)\b",
        r"\b(so )?you might as well\b|\bwhat (we|you|I) (took on|signed up for|gave up|give up|pay|paid) (in return|for (that|it|this))?\b|\bpaid for the\b",
        # What the other option would have given, where the choice matters, two options' outcomes side
        # by side, a first option tried and left for a reason.
        r"\b(would('ve| have)?|could('ve| have)?|'d have) (bought|got|gotten|given|saved|won|gained) (us|you|them)\b|\b(doesn't|does not|won't|wouldn't) (fully |quite |really )?(get|give) (you|us) (that|this|everything|all of)\b",
        r"\bwhere (it|the choice|the difference|that) (actually |really )?(matters|counts|bites|shows up)\b|\b(whether|if) you (actually )?want (that|this|it|the) ?\w*\b[^.]{0,40}\b(question|call|decision|choice|depends)\b",
        r"\b(\w+) would ([\w'-]+ ){1,8}(and|but|while|whereas) (\w+ ){0,2}would\b",
        r"\b(tried|started with|began with|first used|first tried|went first with)\b[^.]{0,200}\bso (we|I) (went with|switched|moved|changed|picked|chose|dropped|replaced|swapped|went back)\b",
        # A strength, then its price: "great recall at low latency, but it eats memory", "cheap and quick,
        # ... but they go easy on long answers", "you lose a couple of points of recall".
        r"\bbut (it |that |this |they |you )?(eats|burns|uses more|adds|takes longer|needs more|costs more|gets? slower|go easy|miss(es)?|struggles?)\b",
        r"\b(you|we) (lose|give up|pay|trade|sacrifice) (a |some |a few |a couple of |\w+ )?(\w+ )?(points?|percent|bit|recall|accuracy|latency|memory|speed|quality|money)\b",
        r"\bsaves? (\w+ ){0,3}but\b|\b(cheap|quick|fast|slow|pricey|expensive|costly|easy|hard|simple|accurate|reliable|noisy|biased|safe|risky|small|big)\b( and \w+)?,? but\b",
        r"\bonly (go|move|switch|use|reach for|pay for) ([\w-]+ ){1,4}(if|when|once)\b",
        # An option's gain set against its price, or a counterfactual that drove the choice.
        r"\bwould (be|have been|give( us| you)?|get( us| you)?) ([\w'-]+ ){0,3}(better|fresher|faster|cheaper|simpler|safer|nicer|more [\w-]+|less [\w-]+|[\w-]+er),? (but|though|except)\b",
        r"\bif you (just |only |purely |simply )?[\w-]+ ([\w'-]+ ){0,6}you (get|drift|end up|lose|miss|pay|break|hurt|burn)\b",
        r"\bwould have (been|cost|meant|taken|needed)\b[^.]{0,100}\bso (we|I|the|it)\b",
    ]
)

# Words that hold options against each other only beside a reason or a consideration in the same
# sentence: "instead of" is routing in "it goes to a human queue instead of being processed", and a
# weighing in "pgvector instead of a separate store, since we already run Postgres"; "unless" is a
# rule in "a hard stop unless their lead raises it".
TRADEOFF_HINTS = compile_cues(
    [
        r"\binstead of\b",
        r"\bunless\b",
        r"\b(the )?(big|bigger|biggest|large|larger|small|smaller|tuned|prompted|old|new|other) (one|model|index|option)\b[^.]{0,60}\b(the )?(big|bigger|biggest|large|larger|small|smaller|tuned|prompted|old|new|other) (one|model|index|option)\b",
    ]
)
TRADEOFF_CONSIDERATIONS = compile_cues(
    [
        r"\b(because|since|so (that )?(we|you|I|it|the|they)|which (means|meant|is why|was why)|otherwise|that way|the reason|given)\b",
        r"\b(cost\w*|cheap\w*|expensive|pric(e|es|ey|ier|ing)|money|dollars?|cents?|bill|budget|spend\w*|tokens?|gpus?)\b",
        r"\b(latency|slow\w*|fast\w*|quick\w*|speed|lag|wait\w*|memory|ram|storage|milliseconds?|seconds?)\b",
        r"\b(accura\w+|recall|precision|quality|errors?|mistakes?|wrong|miss(es|ed|ing)?|noise|noisy|stale|fresh\w*|drift\w*|detail)\b",
        r"\b(complex\w*|simpl\w+|easier|harder|maint\w+|babysit\w*|overhead|effort|risk\w*|safer|brittle|fragile|better|worse)\b",
    ]
)

NEVER_AT_WORK = (
    r"\bI (haven't|have not|never) ([\w,]+ ){1,10}(anywhere|at (a|my) (real )?(job|company|workplace)|at work|for real|professionally|for (a|an|any) (company|employer|client)|in (a|any) real (product|project|system|job|company|app|service)|with real users)( yet| else)?\b"
    r"|\bat a (real )?job yet\b"
)
"""Done only as study, said outright: "I haven't used it anywhere", "... at a job yet"."""

LEARNING_ONLY = compile_cues(
    [
        r"\b(online )?(tutorials?|courses?|coursera|udemy|bootcamps?|moocs?|youtube videos?|textbooks?|speciali[sz]ations?|nanodegrees?|certificates?|certifications?)\b",
        r"\bI (read|watched) (about|that|a|an|somewhere|online|in)\b|\bI (saw|heard) (about|somewhere|online|in (a|an|the|some) (video|talk|course|paper|post|blog|podcast|thread|lecture|tutorial))\b",
        r"\bI('ve| have) (never|not) (actually )?(deployed|shipped|built|run|used|worked|put)\b",
        r"\bI haven't (actually )?(deployed|shipped|built|run|used|worked|put)\b",
        r"\bin theory\b",
        r"\b(toy|school|class|homework|hobby|kaggle) (projects?|assignments?|competitions?|examples?)\b",
        r"\bfor (a|my) (class|course|degree)\b",
        r"\bI would imagine\b",
        r"\bI('ve| have) only (read|seen|done|used|played)\b",
        r"\bno (real|professional|production|hands-on) experience\b",
        r"\b(blog posts?|a (talk|paper|video|course|podcast|book|newsletter)|papers? I read|on youtube|online)\b(?=[^.]{0,40}\b(read|watched|saw|took|followed|learned|says|said|showed))|\bI (read|watched|saw|followed|took) (a|an|the|some|this|that) (blog|post|talk|paper|video|course|tutorial|book|thread)\b",
        r"\b(I('ve| have)|I) (only )?(ever )?(played|tinkered|experimented|messed around) with\b",
        r"\bnever (done|had|worked|run|shipped|used) (it|this|that|one|something like (this|that)) (in|at) (production|work|a job|scale)\b",
        r"\b(side|hobby|pet|personal|weekend) (projects?|things?|apps?|bots?)\b|\bmy own ([\w'-]+ ){0,2}(bot|project|app)\b|\bnever (had )?real users\b|\b(haven't|have not|never) (done|built|used) (this|it|one|that) (at|for) (a job|work)\b",
        r"\b(haven't|have not|never) (really )?(had|got) (the |a )?chance to (use|apply|try|do)\b",
        # Study as the only experience: a thesis, a module, an assignment, a university project.
        r"\b(master'?s|bachelor'?s|phd|final[- ]year|undergrad\w*|uni|university|college|school|class) (thesis|project|module|assignment|course|dissertation|group project|capstone)\b|\b(my|our|a) (thesis|dissertation|coursework|capstone|group project)\b",
        r"\b(at|in|during) (uni|university|college|grad school|school)\b",
        NEVER_AT_WORK,
        r"\bkaggle\b|\b(got|get|gave us) a (good |bad |decent |high |top )?(grade|mark)\b",
        # What the understanding comes from, said as its only source: lectures, videos, the docs.
        r"\b(understanding|knowledge|what I know|everything I know|experience) (of (it|this|them) )?(comes|came) (mostly |mainly |all |only |just )?from\b|\b(youtube|online|recorded) (lectures?|videos?|talks?|tutorials?|courses?)\b|\b(learned|learnt|know (it|this|that|them)|picked (it|this|that) up|got (it|this|that)) (all |mostly |mainly )?from (reading )?(the )?docs\b",
    ]
)

ADMISSIONS = compile_cues(
    [
        r"\b(never|not|haven't) (actually )?(deployed|shipped|put)\b",
        r"\bno (real|professional|production|hands-on) experience\b",
        NEVER_AT_WORK,
    ]
)

# After an admission that it was never done at work, only these place an account at work: "we ran it"
# may be the course project the answer is about.
WORKPLACE = compile_cues(
    [
        r"\bin (production|prod)\b|\bon-?call\b|\b(incidents?|outages?|post-?mortems?|paged)\b",
        r"\bat my (last|previous|current|old|first) (job|company|team|role|employer|startup)\b|\bat work\b",
        r"\bin my (current|last|previous|old|first) (role|job|team|company|position|gig)\b",
        r"\b(our|my) (users|customers|clients|on-?call|production|prod)\b",
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
        r"\b(I|we)('ve| have)? (spent|been) (\w+ ){0,3}(years?|months)\b",
        r"\b(\w+|\d+) years (of|at|in|running|building|working|doing|on)\b",
        r"\b(I|we|my team|our team) (built|shipped|deployed|launched|ran|run|operated|maintained|scaled|served|migrated|rewrote|owned|led|wrote|trained|fine-?tuned|tuned|productioni[sz]ed|moved|switched|replaced|added|got|hit|had to|learned the hard way|went live|put (it|this|that|them) (in|into) production)\b",
        r"\bin my (current|last|previous|old|first) (role|job|team|company|position|gig)\b",
        r"\b(at|in) (my|our) (work|company|job|shop|org)\b",
        r"\b(our|my) (team|company|product|traffic|cluster|stack|system|platform|model|dashboards?)\b",
        r"\bwhen (I|we) (was|were) at\b",
        r"\bat work\b",
        r"\b(I|we) (started|began) (using|to use|running|shipping|serving)\b|\b(I|we) (switched|moved|migrated) (it |us |everything )?(to|over to|off)\b",
        r"\b(I|we) (actually )?(set|stood|spun) (\w+ ){0,4}up\b|\b(I|we) (did|built|ran|had) (this|that|it|one|one of these|something (like|similar))\b",
        r"\b(we|I) (did|ran|run) (a |an )?(pilot|trial|proof of concept|rollout|launch|migration)\b|\b(the |a |an )?([\w-]+ ){0,2}(company|startup|bank|firm|insurer|retailer|place|team|agency|shop) (I'm|I am|we're|we are|I work) (at|in|on|with|for)\b",
        r"\bI('ve| have)? (worked|been working|was working|used to work) (at|on|for|with)\b|\b(a|the) (\w+ ){0,2}(bank|company|startup|place|shop|team|client) (I|we) (worked|was|were) (at|on|for|with)\b",
        # A first-hand account in the past tense: the candidate did the work ("I transcribed a sample, chunked
        # the transcripts ...", "I did the whole thing myself"), not what they read, watched or wanted.
        r"\b(I|we) (?!(wanted|needed|learned|learnt|studied|watched|read|heard|followed|liked|loved|hoped|wished|guessed|assumed|imagined|believed|thought|wondered|played|tinkered|experimented|messed|figured|decided|agreed|asked|expected|preferred|seemed|used to)\b)(just |then |also |first |quickly |basically )?([a-z]{3,}ed|wrote|made|took over|set up|put|drove|kept|broke|rebuilt|redid|did the)\b(?! (to|that|about|it (was|would)))",
        r"\b(we|I) had (a|an|one|two|three|four|five|\w+) (customers?|clients?|users?|teams?)\b",
        r"\b(I|we) did (a|an|something|the same|one|some) (\w+ ){0,3}(version|thing|project|system|build|migration|rollout)\b|\b(it|that|this|the \w+) went (live|out|to production|into production)\b",
        r"\bour (internal |own |main )?[\w-]+ (search|app|product|service|platform|bot|pipeline|tool|system|catalogue|catalog)\b|\b(I|we) (spent|took) (\w+ ){0,2}(days|weeks|months|a week|a month)\b",
        # First-hand in other tenses and shapes: the perfect ("I've built a few of these"), irregular past verbs, "did this at a payments company", work for clients.
        r"\b(I|we)('ve| have) (actually |already |personally |now |since )?(built|done|shipped|deployed|run|scoped|set up|designed|maintained|operated|migrated|implemented|trained|tuned|launched|rolled out|debugged|owned|led|written|made|put|delivered|fixed|seen (this|it|that) (fail|break|go)|been burned|been bitten|had to)\b(?![^.]{0,50}\b(courses?|tutorials?|class|module|bootcamp|assignments?|certificat\w+|videos?|homework|coursework|thesis)\b)",
        r"\b(I|we) (actually |really |once |recently |personally |originally |eventually |finally |later |then |also |first )?(took|ran|got|made|wrote|built|kept|brought|sent|found|gave|led|spent|sold|told|put|set|cut|hit|left|met|paid|won|lost|chose|threw|caught|began|broke|rebuilt|drew|fed|held|shipped|scoped|sat|stood|swapped|moved|pushed|pulled)\b(?! (to|that|about|a (course|class|module|tutorial|bootcamp)|an? online))",
        r"(^|[.!?,]\s+)(did|built|ran|shipped|deployed|scoped|wrote|owned|led) (this|that|it|one|these|those|one of these|something like (this|that)) (at|for|in) (a|an|my|our|the|two|three|several) [\w-]+",
        r"\b(at|for|with) (a|one|our|my|the) (client|customer)\b(?=[^.]{0,60}\b(I|we) [a-z]+ed\b)|\b(clients|customers|companies|teams) (now|so far|over the years)\b|\bwe('ve| have) done (this|it|that|these) for\b",
        # Subjectless first-hand work at a sentence's start ("Built one last year."), a thing that went live.
        r"(^|[.!?]\s+)(built|shipped|ran|deployed|did|launched|wrote|owned|led|scoped|migrated) (one|this|it|that|a|an|the|our|two|three|several)\b|\b(it|this|that|the [\w-]+) (was|went|has been|had been) live\b",
    ]
)

# First-hand in the present tense ("we chunk by function"): counted unless a modal before it in the
# sentence makes it a plan ("the gateway would sit in front of whatever we use").
PRODUCTION_PRESENT = compile_cues(
    [
        r"\bwe (parse|chunk|pack|check|keep|run|store|log|route|cache|embed|index|serve|retrain|track|measure|monitor|sample|transfer|use|have)\b",
        r"\bwe (went with|ended up|settled on)\b",
    ]
)
MODAL = compile_cues([r"\b(would|could|might|should|will|can|may|going to|gonna)\b|'(d|ll)\b"])

STAR_PARTS: dict[str, tuple[str, ...]] = {
    "situation": (
        r"\b(at|when I was at|while at|in) (my |a |an |the |our )?(\w+[- ]?){0,2}(job|company|startup|team|role|employer|project|agency|bank|lab|shop|client|org|organi[sz]ation)\b",
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
        r"\b(my|the) (job|goal|ask|mandate|brief|deadline|requirement|challenge) (was|there was|here was)\b",
        r"\bI was (the|on|in charge|leading|hired|brought in|the one)\b",
        r"\b(it was|that was) (on me|my call|my job|my project)\b",
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

# Checklist cues that say little alone: a sentence needs another of the point's cues beside them.
GENERIC_CUES = frozenset(
    """
    accept access block bucket buffer cheap check close code context correct cost data dataset default
    drift empty error exact example examples fact fail failure fast feature feedback field filter final
    first fixed format function gap gate graph ground head human id index judge keep key label latency
    layout leak length limit list load lock log lower meaning metric missing model name norm number
    online partial period policy pool precision production prompt quality queue random rank rate recall
    record release report return review rule safety scale score search shape short signal similar source
    space split step store stream style support test thread threshold token tool track train type unit
    user value vector verify version weight window zero
    """.split()  # noqa: SIM905
)


def is_specific(cue: str) -> bool:
    """A cue that shows the point on its own: a phrase, a name or symbol, or a rarer word."""
    plain = cue.strip().lower()
    if " " in plain or "-" in plain:
        return True
    if not plain.isalpha():
        return len(plain) >= 3
    return len(plain) > 4 and plain not in GENERIC_CUES
