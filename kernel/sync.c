/*
 * sync.c: mutexes, condition variables and semaphores over wait queues
 * (see sync.h). Each operation takes the object's spinlock, decides, and
 * blocks through waitq_block(), which releases that spinlock only once the
 * thread is safely marked blocked, so no wake-up can be lost.
 *
 * Before the scheduler runs there is one thread (boot): an uncontended
 * mutex works; a contended one would be a deadlock and panics in sched.c.
 */
#include "kernel/sync.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"

void mutex_init(struct mutex *m, const char *name)
{
	spin_init(&m->lk, name);
	m->owner = 0;
	m->depth = 0;
	m->recursive = false;
	m->name = name;
	m->wq = (struct waitq)WAITQ_INIT;
}

void mutex_lock(struct mutex *m)
{
	struct kthread *self = kthread_self();
	spin_lock(&m->lk);
	if (m->owner == self) {
		if (!m->recursive)
			panic("mutex %s: locked twice by thread %s", m->name, self->name);
		m->depth++;
		spin_unlock(&m->lk);
		return;
	}
	while (m->owner)
		waitq_block(&m->wq, &m->lk, 0);
	m->owner = self;
	m->depth = 1;
	spin_unlock(&m->lk);
}

bool mutex_trylock(struct mutex *m)
{
	struct kthread *self = kthread_self();
	bool ok = false;
	spin_lock(&m->lk);
	if (!m->owner || (m->recursive && m->owner == self)) {
		m->owner = self;
		m->depth++;
		ok = true;
	}
	spin_unlock(&m->lk);
	return ok;
}

void mutex_unlock(struct mutex *m)
{
	spin_lock(&m->lk);
	if (m->owner != kthread_self())
		panic("mutex %s: unlocked by a thread that does not own it", m->name);
	if (--m->depth == 0) {
		m->owner = 0;
		waitq_wake_one(&m->wq);
	}
	spin_unlock(&m->lk);
}

bool mutex_held(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == kthread_self();
}

void cond_init(struct cond *c)
{
	spin_init(&c->lk, "cond");
	c->wq = (struct waitq)WAITQ_INIT;
}

bool cond_wait_until(struct cond *c, struct mutex *m, uint64_t deadline)
{
	if (!mutex_held(m))
		panic("cond_wait without holding mutex %s", m->name);
	spin_lock(&c->lk);
	mutex_unlock(m);
	bool woken = waitq_block(&c->wq, &c->lk, deadline);
	spin_unlock(&c->lk);
	mutex_lock(m);
	return woken;
}

void cond_wait(struct cond *c, struct mutex *m)
{
	cond_wait_until(c, m, 0);
}

void cond_signal(struct cond *c)
{
	spin_lock(&c->lk);
	waitq_wake_one(&c->wq);
	spin_unlock(&c->lk);
}

void cond_broadcast(struct cond *c)
{
	spin_lock(&c->lk);
	waitq_wake_all(&c->wq);
	spin_unlock(&c->lk);
}

void sem_init(struct sem *s, long count)
{
	spin_init(&s->lk, "sem");
	s->count = count;
	s->wq = (struct waitq)WAITQ_INIT;
}

bool sem_down_until(struct sem *s, uint64_t deadline)
{
	bool ok = true;
	spin_lock(&s->lk);
	while (s->count == 0 && ok)
		ok = waitq_block(&s->wq, &s->lk, deadline);
	if (s->count > 0) {
		s->count--;
		ok = true;
	}
	spin_unlock(&s->lk);
	return ok;
}

void sem_down(struct sem *s)
{
	sem_down_until(s, 0);
}

bool sem_trydown(struct sem *s)
{
	bool ok = false;
	spin_lock(&s->lk);
	if (s->count > 0) {
		s->count--;
		ok = true;
	}
	spin_unlock(&s->lk);
	return ok;
}

void sem_up(struct sem *s)
{
	spin_lock(&s->lk);
	s->count++;
	waitq_wake_one(&s->wq);
	spin_unlock(&s->lk);
}
