import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { detectAssertion, SENSITIVITY_THRESHOLDS, type AssertionSensitivity } from '../../../src/core/claims/assertions';
import {
  findActorActions,
  findAttributions,
  findCausal,
  findChanges,
  findComparisons,
  findDampers,
  findDates,
  findHedges,
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

    it('computes one finite feature per name', () => {
      const features = assertionFeatures('The ferry carried 40 passengers.', [], []);
      assert.equal(features.length, FEATURE_NAMES.length);
      assert.ok(features.every((f) => Number.isFinite(f)));
    });
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
