package io.tenantlink.grants;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

/** After the migrations, resumes the jobs a stop interrupted (in the background: start-up does not wait for Graph). */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class GrantJobResumer {

    @Inject
    GrantJobService jobs;

    @Resource
    ManagedExecutorService executor;

    @PostConstruct
    void resume() {
        executor.execute(jobs::resumeAfterRestart);
    }
}
