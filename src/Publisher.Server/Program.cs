var builder = WebApplication.CreateBuilder(args);

builder.Services.AddPublisherService();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

// The web seed's per-client limit is an ASP.NET Core rate-limiter policy: without this middleware it does nothing.
app.UseRateLimiter();
app.MapPublisher();

app.Run();

/// <summary>The service host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
