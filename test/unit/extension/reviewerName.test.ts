import * as assert from 'node:assert/strict';
import { gitUserName, globalGitConfigPaths, reviewerName } from '../../../src/extension/features/reviewerName';

describe('the reviewer’s name', () => {
  it('reads user.name from a global Git config, quotes, escapes and comments handled', () => {
    assert.equal(gitUserName('[core]\n\tname = not me\n[user]\n\temail = a@b\n\tname = "Ana \\"AJ\\" Lima" # me\n'), 'Ana "AJ" Lima');
    assert.equal(gitUserName('[User]\nName=Bo ; comment\n'), 'Bo');
  });

  it('ignores subsections and files without a user name', () => {
    assert.equal(gitUserName('[user "work"]\n\tname = Someone\n'), undefined);
    assert.equal(gitUserName(''), undefined);
  });

  it('takes the last name Git would take', () => {
    assert.equal(gitUserName('[user]\nname = First\n[user]\nname = Second\n'), 'Second');
  });

  it('looks where Git looks: GIT_CONFIG_GLOBAL, else the XDG file then ~/.gitconfig', () => {
    assert.deepEqual(globalGitConfigPaths({ GIT_CONFIG_GLOBAL: '/g' }, '/home/a'), ['/g']);
    assert.deepEqual(globalGitConfigPaths({}, '/home/a'), ['/home/a/.config/git/config', '/home/a/.gitconfig']);
    assert.deepEqual(globalGitConfigPaths({ XDG_CONFIG_HOME: '/x' }, '/home/a'), ['/x/git/config', '/home/a/.gitconfig']);
  });

  it('prefers the setting, then the later Git file, and reads nothing when the setting is set', async () => {
    const files: Record<string, string> = { '/xdg': '[user]\nname = Xdg\n', '/home': '[user]\nname = Home\n' };
    const read = async (path: string) => files[path];
    assert.equal(await reviewerName('  Desk editor ', ['/xdg', '/home'], async () => assert.fail('must not read')), 'Desk editor');
    assert.equal(await reviewerName('', ['/xdg', '/home'], read), 'Home');
    assert.equal(await reviewerName(undefined, ['/xdg', '/missing'], read), 'Xdg');
    assert.equal(await reviewerName(undefined, ['/missing'], read), undefined);
  });
});
