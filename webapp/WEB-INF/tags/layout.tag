<%@ tag pageEncoding="UTF-8" trimDirectiveWhitespaces="true" %>
<%@ attribute name="title" required="true" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title><c:out value="${title}"/> - Microblog</title>
  <link rel="stylesheet" href="<c:url value='/static/css/microblog.css'/>">
</head>
<body>
<header class="site-header">
  <nav class="nav" aria-label="Main">
    <span class="brand">Microblog:</span>
    <a href="<c:url value='/index'/>">Home</a>
    <c:choose>
      <c:when test="${empty requestScope.currentUser}"><a href="<c:url value='/login'/>">Login</a></c:when>
      <c:otherwise>
        <a href="<c:url value='/account'/>">Account</a>
        <form class="nav-form" method="post" action="<c:url value='/logout'/>">
          <t:csrf/>
          <button type="submit" class="link-button">Logout</button>
        </form>
      </c:otherwise>
    </c:choose>
  </nav>
</header>
<main class="content">
  <c:if test="${not empty requestScope.flashes}">
    <ul class="flashes" role="status">
      <c:forEach var="message" items="${requestScope.flashes}"><li class="flash"><c:out value="${message}"/></li></c:forEach>
    </ul>
  </c:if>
  <c:if test="${requestScope.formExpired}">
    <p class="alert" role="alert">The form has expired. Please check it and submit it again.</p>
  </c:if>
  <jsp:doBody/>
</main>
</body>
</html>
