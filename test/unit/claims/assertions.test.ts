import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  combinedConfidence,
  continuesPreviousSentence,
  detectAssertion,
  isJudged,
  modelMatchesCode,
  ruleLogOdds,
  sentenceEvidence,
  SENSITIVITY_THRESHOLDS,
  voiceOfWriter,
  type AssertionModel,
  type AssertionSensitivity,
} from '../../../src/core/claims/assertions';
import {
  CLOSED_CLASS_BUCKETS,
  closedClassFeatures,
  LEXICAL_BUCKETS,
  LEXICAL_FINGERPRINT,
  lexicalFeatures,
  lexicalTokens,
  openVocabularyFeatures,
  stemOf,
  tokenName,
} from '../../../src/core/claims/assertionLexicon';
import {
  findActorActions,
  findAttributions,
  findCausal,
  findChanges,
  findComparisons,
  findDampers,
  findDates,
  findFindings,
  findHedges,
  findNames,
  findNumbers,
  findQuotations,
  findStatements,
} from '../../../src/core/claims/assertionCues';
import { assertionFeatures, FEATURE_NAMES } from '../../../src/core/claims/assertionFeatures';
import modelFile from '../../../src/core/claims/assertionModel.json';

const medium = { sensitivity: 'medium' as const };

function triggers(found: Array<{ start: number; end: number }>, text: string): string[] {
  return found.map((c) => text.slice(c.start, c.end));
}

function flagged(sentence: string, sensitivity: AssertionSensitivity = 'medium'): boolean {
  return detectAssertion(sentence, { sensitivity }) !== undefined;
}

describe('assertion cues', () => {
  describe('numbers', () => {
    it('gives "40 passengers" for "The ferry carried 40 passengers."', () => {
      const text = 'The ferry carried 40 passengers.';
      assert.deepEqual(triggers(findNumbers(text), text), ['40 passengers']);
      assert.equal(findNumbers(text)[0].label, 'gives a number: "40 passengers"');
    });

    it('reads percentages, currency and scale words as one quantity', () => {
      const text = 'Costs rose 3.4% to $28 billion, or 12 percent of thousands of budgets.';
      assert.deepEqual(triggers(findNumbers(text), text), ['3.4%', '$28 billion', '12 percent', 'thousands of budgets']);
    });

    it('ignores numbers inside names: "Airbus A380", "Boeing 747", "COVID-19", "G20", "Windows 10"', () => {
      for (const text of ['The Airbus A380 is big.', 'A Boeing 747 landed.', 'COVID-19 spread.', 'The G20 met.', 'Windows 10 crashed.']) {
        assert.deepEqual(findNumbers(text), [], text);
      }
    });

    it('does not read references as statistics: "No. 5", "p. 3", "Vol. 2"', () => {
      assert.deepEqual(findNumbers('See No. 5, p. 3 and Vol. 2.'), []);
    });

    it('still counts a number after a capitalised function word that opens the sentence: "Nearly 40 ships"', () => {
      const text = 'Nearly 40 ships waited.';
      assert.deepEqual(triggers(findNumbers(text), text), ['40 ships']);
    });

    it('leaves years to the date cue', () => {
      assert.deepEqual(findNumbers('It opened in 1998.'), []);
    });

    it('does not read "one" as a statistic', () => {
      assert.deepEqual(findNumbers('One reason is cost.'), []);
    });
  });

  describe('dates', () => {
    it('finds "in 2019", "March 3, 2020", "the 1990s" and "last year"', () => {
      const text = 'It began in 2019, peaked on March 3, 2020, echoing the 1990s, and ended last year.';
      assert.deepEqual(triggers(findDates(text), text).sort(), ['1990s', 'on March 3, 2020', 'in 2019', 'last year'].sort());
    });

    it('does not read the modal "may" or the verb "march" as months', () => {
      assert.deepEqual(findDates('Prices may fall as workers march on.'), []);
    });

    it('reads "in May" as a date', () => {
      const text = 'The port closed in May.';
      assert.deepEqual(triggers(findDates(text), text), ['in May']);
    });
  });

  describe('attributions', () => {
    it('finds "officials said" and "according to the ministry"', () => {
      const text = 'Officials said exports fell, according to the ministry.';
      assert.deepEqual(triggers(findAttributions(text), text).sort(), ['Officials said', 'according to the ministry'].sort());
      assert.match(findAttributions(text).map((c) => c.label).join(' '), /attributes a claim: "Officials said"/);
    });

    it('finds papers cited by author: "Shin et al."', () => {
      const text = 'Shin et al. compared three architectures.';
      assert.deepEqual(triggers(findAttributions(text), text), ['Shin et al.']);
    });

    it('does not treat the speaker’s own "as I said" as an attribution', () => {
      assert.deepEqual(findAttributions('As I said, the plan works.'), []);
    });
  });

  describe('hedges', () => {
    it('finds "allegedly", "reportedly" and "is believed to"', () => {
      const text = 'He allegedly paid, reportedly twice, and is believed to have fled.';
      assert.deepEqual(triggers(findHedges(text), text), ['allegedly', 'reportedly', 'is believed to']);
    });
  });

  describe('quotations', () => {
    it('finds a quotation of three words or more', () => {
      const text = 'The captain wrote “we are taking water” at dawn.';
      assert.deepEqual(triggers(findQuotations(text), text), ['“we are taking water”']);
    });

    it('ignores scare quotes around one or two words', () => {
      assert.deepEqual(findQuotations('The model may learn to "diagnose" patients.'), []);
    });
  });

  describe('comparisons, changes and causes', () => {
    it('finds "more than", "the largest" and "a record high"', () => {
      const text = 'It is the largest port, handling more cargo than Antwerp, a record high.';
      assert.deepEqual(triggers(findComparisons(text), text).sort(), ['a record', 'more cargo than', 'the largest'].sort());
    });

    it('does not read "rather than" or "the interest" as comparisons', () => {
      assert.deepEqual(findComparisons('They chose speed rather than the interest of the crew.'), []);
    });

    it('finds changes: "rose", "doubled"', () => {
      const text = 'Exports rose and imports doubled.';
      assert.deepEqual(triggers(findChanges(text), text), ['rose', 'doubled']);
    });

    it('finds causal claims: "led to", "because of"', () => {
      const text = 'The sanctions led to shortages because of the ban.';
      assert.deepEqual(triggers(findCausal(text), text), ['led to', 'because of']);
    });
  });

  describe('actors and acts', () => {
    it('gives "the minister resigned"', () => {
      const text = 'Yesterday the minister resigned.';
      assert.deepEqual(triggers(findActorActions(text), text), ['the minister resigned']);
      assert.equal(findActorActions(text)[0].label, 'names an actor and an act: "the minister resigned"');
    });

    it('finds a named organisation acting: "Maersk suspended"', () => {
      const text = 'In January, Maersk suspended all sailings.';
      assert.deepEqual(triggers(findActorActions(text), text), ['Maersk suspended']);
    });

    it('reads "used" right after a name as the act: "SPEID used a CNN"', () => {
      const text = 'SPEID used a CNN to predict these interactions.';
      assert.deepEqual(triggers(findActorActions(text), text), ['SPEID used']);
    });

    it('does not read a passive "is used" after a name as the name acting', () => {
      assert.deepEqual(findActorActions('Python is used widely.'), []);
    });

    it('does not take a sentence-opening pronoun for an actor', () => {
      assert.deepEqual(findActorActions('They waited.'), []);
    });
  });

  describe('plain statements', () => {
    it('finds a third-person statement: "CNNs are ideal"', () => {
      const text = 'Two-dimensional CNNs are ideal for segmentation.';
      assert.deepEqual(triggers(findStatements(text), text), ['CNNs are ideal']);
    });

    it('does not take an adjectival participle for the verb: "a sanctioned airline"', () => {
      const text = 'A manager of a sanctioned airline was aboard.';
      assert.deepEqual(triggers(findStatements(text), text), ['airline was aboard']);
    });

    it('finds none in the writer’s own voice', () => {
      assert.deepEqual(findStatements('We are interested in ships.'), []);
    });

    it('finds a past act of the speaker, which is on record: "I voted for every sanction"', () => {
      const text = 'I voted for every sanction against Iran.';
      const found = findStatements(text);
      assert.deepEqual(found.map((c) => c.kind), ['record']);
      assert.deepEqual(triggers(found, text), ['I voted for']);
      assert.equal(found[0].label, 'recounts a past act: "I voted for"');
    });

    it('reads a present perfect in the first person as a past act: "We have never been asked"', () => {
      assert.deepEqual(findStatements('We have never been asked to send troops.').map((c) => c.kind), ['record']);
    });

    it('finds no act in the speaker’s intentions or possessions: "We want…", "We have a plan"', () => {
      assert.deepEqual(findStatements('We want lower taxes for families.'), []);
      assert.deepEqual(findStatements('We have a plan for the port.'), []);
    });
  });

  describe('names', () => {
    it('finds runs of capitalised words after the first, and words mixing letters and digits', () => {
      const text = 'Prime Minister Benjamin Netanyahu met the WHO in Geneva on the A380.';
      assert.deepEqual(triggers(findNames(text), text), ['Minister Benjamin Netanyahu', 'WHO', 'Geneva', 'A380']);
      assert.equal(findNames(text)[0].label, 'names someone or something specific: "Minister Benjamin Netanyahu"');
    });

    it('does not take the first word, "I" or "I\'m" for a name, and splits names at punctuation', () => {
      assert.deepEqual(findNames("Then I met them and I'm glad."), []);
      const text = 'We met Israel, Benjamin and Sara.';
      assert.deepEqual(triggers(findNames(text), text), ['Israel', 'Benjamin', 'Sara']);
    });

    it('keeps particles inside a name: "Department of Justice", "Mohammed bin Salman", but not "Paris of course"', () => {
      const text = 'It falls under the Department of Justice, said Mohammed bin Salman in Paris of course.';
      assert.deepEqual(triggers(findNames(text), text), ['Department of Justice', 'Mohammed bin Salman', 'Paris']);
    });

    it('is left to the model: names alone never make the hand weights flag', () => {
      const evidence = sentenceEvidence('We love Paris in the spring.');
      assert.deepEqual(evidence.cues.map((c) => c.kind), ['names']);
      assert.equal(ruleLogOdds(evidence), -Infinity);
      assert.ok(!flagged('We love Paris in the spring.', 'high'));
    });

    it('explains a flag when no sharper cue is found: the act does not follow the name', () => {
      const result = detectAssertion('Senator Smith, as a member of the Judiciary Committee, voted against the law.', medium);
      assert.ok(result, 'not flagged');
      assert.deepEqual(result.cues.map((c) => c.label), [
        'names someone or something specific: "Smith"',
        'names someone or something specific: "Judiciary Committee"',
      ]);
    });
  });

  describe('findings', () => {
    it('finds what a method achieved: "was able to", "worked well", "achieved"', () => {
      const text = 'A simple perceptron was able to classify wounds, worked well on new data and achieved parity.';
      assert.deepEqual(triggers(findFindings(text), text), ['was able to', 'worked well', 'achieved']);
      assert.equal(findFindings(text)[0].label, 'states a finding: "was able to"');
    });

    it('finds nothing in a sentence that reports no result', () => {
      assert.deepEqual(findFindings('The section lists the methods in use.'), []);
    });
  });

  describe('dampers', () => {
    it('recognises framing, opinion and speculation', () => {
      const kinds = (text: string): string[] => [...new Set(findDampers(text).map((d) => d.kind))].sort();
      assert.deepEqual(kinds('Here we look at the records.'), ['framing']);
      assert.deepEqual(kinds('That seems unwise.'), ['opinion']);
      assert.deepEqual(kinds('Prices might rise.'), ['speculation']);
      assert.deepEqual(kinds('Imagine a port with no cranes.'), ['imperative']);
      assert.deepEqual(kinds('It does show that the manager was aboard.'), ['framing']);
    });

    it('recognises the writer or speaker as the subject: "Now, I voted…", "We have…"', () => {
      assert.ok(findDampers('Now, I voted for the Patriot Act.').some((d) => d.kind === 'first-person'));
      assert.ok(findDampers('We have cut taxes twice.').some((d) => d.kind === 'first-person'));
      assert.ok(!findDampers('Officials told us the port was closed.').some((d) => d.kind === 'first-person'));
    });
  });

  describe('whose voice a damper is in', () => {
    const kinds = (sentence: string): string[] => sentenceEvidence(sentence).dampers.map((d) => d.kind);

    it('ignores a modal or a "we" inside a quotation: the quoted speaker’s, not the writer’s', () => {
      const quoted = kinds('"We will not negotiate with anyone who threatens us," the spokesman said.');
      assert.ok(!quoted.includes('speculation') && !quoted.includes('first-person'), quoted.join());
    });

    it('ignores a modal in what a source is reported to have said: "Officials said the bridge would reopen"', () => {
      assert.ok(!kinds('Officials said the bridge would reopen.').includes('speculation'));
    });

    it('keeps the writer’s own modal: "The bridge might reopen."', () => {
      assert.ok(kinds('The bridge might reopen.').includes('speculation'));
      assert.ok(kinds('The bridge might reopen, though officials said nothing.').includes('speculation'));
    });

    it('keeps framing whatever comes before it', () => {
      assert.ok(voiceOfWriter([], findDampers('Here we look at the records.')).some((d) => d.kind === 'framing'));
    });
  });
});

describe('detectAssertion', () => {
  describe('flags checkable facts and says why', () => {
    const cases: Array<[sentence: string, kind: string]> = [
      ['The ferry carried 40 passengers when it sank.', 'number'],
      ['The company was founded in March 2012.', 'date'],
      ['According to the ministry, exports fell sharply.', 'attribution'],
      ['Officials said the bridge would reopen.', 'attribution'],
      ['The minister allegedly took bribes from the contractor.', 'hedge'],
      ['"We will not negotiate with anyone who threatens us," the spokesman told reporters.', 'quotation'],
      ['It is the largest port in Africa.', 'comparison'],
      ['The sanctions led to a shortage of spare parts.', 'causal'],
      ['The minister resigned on Tuesday after the vote.', 'actor-action'],
      ['Inflation rose to 9.1% in June.', 'number'],
    ];
    for (const [sentence, kind] of cases) {
      it(`flags "${sentence}" with a ${kind} cue`, () => {
        const result = detectAssertion(sentence, medium);
        assert.ok(result, 'not flagged');
        assert.ok(result.cues.some((c) => c.kind === kind), `cues: ${JSON.stringify(result.cues)}`);
        assert.ok(result.confidence > 0 && result.confidence <= 1);
      });
    }

    it('labels the cue with the writer-facing words and the quoted trigger', () => {
      const result = detectAssertion('The ferry carried 40 passengers when it sank.', medium);
      assert.ok(result?.cues.some((c) => c.label === 'gives a number: "40 passengers"'));
    });

    it('reports cue spans that slice back to the trigger', () => {
      const sentence = 'Officials said the ferry carried 40 passengers.';
      const result = detectAssertion(sentence, medium)!;
      const number = result.cues.find((c) => c.kind === 'number')!;
      assert.equal(sentence.slice(number.start, number.end), '40 passengers');
    });

    it('reports only the specific cues when there are any, not the plain "states a fact"', () => {
      const result = detectAssertion('The ferry carried 40 passengers when it sank.', medium)!;
      assert.ok(!result.cues.some((c) => c.kind === 'statement'));
    });

    it('reads abbreviations without mistaking them for cues or sentence ends: "Dr. Smith joined the U.S. Navy."', () => {
      const result = detectAssertion('Dr. Smith joined the U.S. Navy.', medium);
      assert.deepEqual(result?.cues.map((c) => c.label), ['names an actor and an act: "Dr. Smith joined"']);
    });

    it('ignores citation and code placeholders when reading cues', () => {
      const sentence = 'The ferry carried 40 passengers.\uE000';
      assert.ok(flagged(sentence));
      assert.ok(!flagged('\uFFFC \uFFFC \uFFFC'));
    });
  });

  describe('does not flag', () => {
    const cases: Array<[why: string, sentence: string]> = [
      ['a question', 'Why did the minister resign in 2019?'],
      ['a question with a number', 'Did 40 passengers really drown?'],
      ['the writer’s own framing', 'Here we look at what the records show.'],
      ['a section announcement', 'In this section, we examine the shipping records.'],
      ['plain opinion', 'That looks like a poor choice.'],
      ['an argued opinion', 'We argue that the policy seems unwise.'],
      ['a personal belief', 'I think this is a mistake.'],
      ['the writer’s inference from what came before', 'It does show that a manager of a sanctioned Iranian airline was aboard Emtrasur’s aircraft.'],
      ['an instruction to the reader', 'Consider the following example.'],
      ['a statement without any checkable detail', 'The weather is nice.'],
      ['a number inside a name only', 'Boeing 747 pilots train on simulators.'],
      ['a fragment', 'In 2019.'],
      ['an empty sentence', '   '],
    ];
    for (const [why, sentence] of cases) {
      it(`${why}: "${sentence}"`, () => {
        assert.equal(detectAssertion(sentence, medium), undefined);
      });
    }
  });

  describe('sensitivity', () => {
    it('orders the thresholds low > medium > high', () => {
      assert.ok(SENSITIVITY_THRESHOLDS.low > SENSITIVITY_THRESHOLDS.medium);
      assert.ok(SENSITIVITY_THRESHOLDS.medium > SENSITIVITY_THRESHOLDS.high);
    });

    it('flags at high whatever it flags at medium, and at medium whatever it flags at low', () => {
      const sentences = [
        'The ferry carried 40 passengers when it sank.',
        'Officials said the bridge would reopen.',
        'The Boeing 747 first flew in 1969.',
        'Cargo ships are large.',
        'Researchers have developed new strategies.',
        'Deep learning has been used to classify lesions.',
      ];
      for (const sentence of sentences) {
        if (flagged(sentence, 'low')) assert.ok(flagged(sentence, 'medium'), sentence);
        if (flagged(sentence, 'medium')) assert.ok(flagged(sentence, 'high'), sentence);
      }
    });

    it('flags a hedged single cue at high but a sharp statistic already at low', () => {
      assert.ok(flagged('Sales were $4.2 billion last year.', 'low'));
      assert.ok(flagged('Container exports doubled.', 'high'));
    });

    it('keeps the same cues whatever the sensitivity', () => {
      const sentence = 'Inflation rose to 9.1% in June.';
      assert.deepEqual(detectAssertion(sentence, { sensitivity: 'low' })?.cues, detectAssertion(sentence, { sensitivity: 'high' })?.cues);
    });
  });

  describe('the model file', () => {
    it('lists exactly the features the code computes, with one weight each', () => {
      assert.deepEqual(modelFile.features, [...FEATURE_NAMES]);
      assert.equal(modelFile.weights.length, FEATURE_NAMES.length);
      assert.ok(modelFile.weights.every((w) => Number.isFinite(w)));
    });

    it('was trained on this lexicon: same fingerprint, one finite weight per bucket', () => {
      assert.equal(modelFile.lexical.fingerprint, LEXICAL_FINGERPRINT);
      assert.equal(modelFile.lexical.weights.length, LEXICAL_BUCKETS);
      assert.ok(modelFile.lexical.weights.every((w) => Number.isFinite(w)));
      assert.ok(modelMatchesCode(modelFile as AssertionModel));
    });

    it('stays small enough to ship in the browser bundle (at most 300 KB)', () => {
      assert.ok(JSON.stringify(modelFile).length <= 300 * 1024);
    });

    it('is not used when trained on another lexicon: the hand weights decide alone', () => {
      const stale = { ...(modelFile as AssertionModel), lexical: { fingerprint: 'other', weights: modelFile.lexical.weights } };
      assert.equal(modelMatchesCode(stale), false);
      const evidence = sentenceEvidence('Officials said the ferry carried 40 passengers.');
      assert.equal(combinedConfidence(evidence, undefined), 1 / (1 + Math.exp(-ruleLogOdds(evidence))));
    });

    it('computes one finite feature per name', () => {
      const features = assertionFeatures('The ferry carried 40 passengers.', [], []);
      assert.equal(features.length, FEATURE_NAMES.length);
      assert.ok(features.every((f) => Number.isFinite(f)));
    });
  });

  describe('continuations, for the engine', () => {
    it('reads a sentence that refers back to the previous one as its continuation', () => {
      for (const sentence of ['They reached 93% accuracy.', 'The authors trained it on 2,000 scans.', 'However, this method failed on small tumours.', 'Its error rate was 3%.']) {
        assert.ok(continuesPreviousSentence(sentence), sentence);
      }
    });

    it('reads a sentence opened by a demonstrative, alone or before any noun, as a continuation', () => {
      for (const sentence of ['This allowed them to label 4,000 images.', 'These include two deep models.', 'Such labels are generated automatically.', 'This preprocessing halves the run time.']) {
        assert.ok(continuesPreviousSentence(sentence), sentence);
      }
    });

    it('looks past a discourse marker to the reference back', () => {
      for (const sentence of ['For example, they trained it on 2,000 scans.', 'In this study, the authors used 12 cohorts.', 'To do so, they sampled 300 patients.', 'Furthermore, these models ran in minutes.']) {
        assert.ok(continuesPreviousSentence(sentence), sentence);
      }
    });

    it('does not read a discourse marker alone, or a word that only begins like a demonstrative, as a continuation', () => {
      for (const sentence of ['For example, deep models ran in minutes.', 'Thus the port closed in May.', 'Thesis defences were held online.', 'Suchman reported a drop.']) {
        assert.ok(!continuesPreviousSentence(sentence), sentence);
      }
    });

    it('does not read a sentence that names its own subject as a continuation', () => {
      for (const sentence of ['Deep learning has been used to classify lesions.', 'There is a small literature on leakage.', 'Theory predicts a drop.', 'The port closed in May.']) {
        assert.ok(!continuesPreviousSentence(sentence), sentence);
      }
    });
  });

  it('never judges questions, empty sentences or fragments of fewer than three words', () => {
    assert.equal(isJudged('Did prices rise?'), false);
    assert.equal(isJudged('  '), false);
    assert.equal(isJudged('In 2019.'), false);
    assert.equal(isJudged('Prices rose sharply.'), true);
  });

  it('never throws, and every cue span lies inside the sentence', () => {
    const pieces = fc.constantFrom(
      'The', 'minister', 'said', '40', '3.5%', '$', 'in', '2019', 'March', '“', '”', '"', '?', '.', ' ', 'et al.', 'led to',
      'the largest', 'A380', 'COVID-19', '\uE000', '\uFFFC', 'allegedly', 'We', 'seems', '\n', 'rose', ',', 'than',
    );
    const sentences = fc.oneof(fc.string(), fc.array(pieces, { maxLength: 40 }).map((p) => p.join(' ')), fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')));
    fc.assert(
      fc.property(sentences, fc.constantFrom<AssertionSensitivity>('low', 'medium', 'high'), (sentence, sensitivity) => {
        const result = detectAssertion(sentence, { sensitivity });
        if (!result) return;
        assert.ok(result.confidence >= 0 && result.confidence <= 1);
        assert.ok(result.cues.length > 0);
        for (const cue of result.cues) {
          assert.ok(cue.start >= 0 && cue.start < cue.end && cue.end <= sentence.length, JSON.stringify({ sentence, cue }));
          assert.ok(cue.label.length > 0 && cue.kind.length > 0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('lexical features', () => {
  const names = (sentence: string): string[] => lexicalTokens(sentence).map(tokenName);

  it('keeps closed-class words and reduces every other word to its shape', () => {
    assert.deepEqual(names('They have used 3 Boeing aircraft since 1998.'), [
      '<start>', 'they', 'have', 'used', '<num>', '<name>', '<word>', 'since', '<year>', '<end>',
    ]);
  });

  it('reads acronyms and CamelCase names as names of things: "DeepCpG", "A380", "NASA"', () => {
    assert.deepEqual(names('DeepCpG and A380 and NASA').slice(1, -1), ['<acronym>', 'and', '<acronym>', 'and', '<acronym>']);
  });

  it('closed-class family cannot learn topics: swapping a content word for another of the same shape leaves it unchanged', () => {
    const pairs: Array<[string, string]> = [
      ['The tax cut helped families.', 'The oil ban helped farmers.'],
      ['Engineers predicted protein folding.', 'Farmers predicted border flooding.'],
      ['In 2019, Maersk suspended shipping.', 'In 2020, Boeing suspended trading.'],
    ];
    for (const [one, other] of pairs) assert.deepEqual(closedClassFeatures(one).sort(), closedClassFeatures(other).sort(), `${one} / ${other}`);
  });

  it('tells apart sentences that differ in function words only: "has been shown" and "we will show"', () => {
    assert.notDeepEqual(closedClassFeatures('It has been shown to work.').sort(), closedClassFeatures('We will show it to work.').sort());
  });

  it('open-vocabulary family: one bucket per distinct stemmed word, after the closed-class buckets', () => {
    assert.equal(stemOf('helped'), 'help');
    assert.equal(stemOf('helps'), 'help');
    assert.equal(stemOf('helping'), 'help');
    assert.equal(stemOf('1998'), '#');
    assert.equal(stemOf('3.5'), '#');
    assert.equal(stemOf('class'), 'class');
    assert.deepEqual(openVocabularyFeatures('The ferry helped. The ferry helps.').sort(), openVocabularyFeatures('the ferry help').sort());
    assert.deepEqual(openVocabularyFeatures('In 2019, 40 ships sailed.').sort(), openVocabularyFeatures('In 7 ships sailed').sort());
    assert.notDeepEqual(openVocabularyFeatures('The tax cut helped families.').sort(), openVocabularyFeatures('The oil ban helped farmers.').sort());
    assert.ok(openVocabularyFeatures('The tax cut helped families.').every((b) => b >= CLOSED_CLASS_BUCKETS && b < LEXICAL_BUCKETS));
  });

  it('lexical features are the closed-class family followed by the open-vocabulary family', () => {
    const sentence = 'Officials said the ferry carried 40 passengers.';
    assert.deepEqual(lexicalFeatures(sentence), [...closedClassFeatures(sentence), ...openVocabularyFeatures(sentence)]);
    assert.ok(closedClassFeatures(sentence).every((b) => b >= 0 && b < CLOSED_CLASS_BUCKETS));
  });

  it('never throws and returns distinct buckets inside the model', () => {
    fc.assert(
      fc.property(fc.string(), (sentence) => {
        const buckets = lexicalFeatures(sentence);
        assert.equal(new Set(buckets).size, buckets.length);
        assert.ok(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < LEXICAL_BUCKETS));
      }),
      { numRuns: 500 },
    );
  });
});
